import Foundation
import IntakeCore
import IntakeStore
import Logging

/// What the database holds of the load, read as the schema owner. Reads are retried while the
/// database is away (a fault may have stopped it).
struct StoredContacts {
    let url: String

    /// Of `ids`, those that are in `contacts` now, with when each was committed.
    func committed(_ ids: [String]) async -> [String: Date]? {
        guard !ids.isEmpty else { return [:] }
        let literal = "{" + ids.map { "\"\($0)\"" }.joined(separator: ",") + "}"
        guard let rows = await query("SELECT id, extract(epoch FROM committed_at)::text FROM contacts WHERE id = ANY($1::text[])", [literal]) else {
            return nil
        }
        var found: [String: Date] = [:]
        for r in rows { if let id = r[0], let t = r[1].flatMap(Double.init) { found[id] = Date(timeIntervalSince1970: t) } }
        return found
    }

    /// Open311 contacts by their device_id.
    func open311ByDevice() async -> [String: (id: String, committed: Date)]? {
        guard let rows = await query("""
            SELECT envelope->'channel_data'->>'device_id', id, extract(epoch FROM committed_at)::text
            FROM contacts WHERE channel = 'open311'
            """) else { return nil }
        var out: [String: (String, Date)] = [:]
        for r in rows {
            guard let device = r[0], let id = r[1], let t = r[2].flatMap(Double.init) else { continue }
            // The same device_id twice is the same request stored twice: kept apart by id.
            out[out[device] == nil ? device : "\(device)#\(id)"] = (id, Date(timeIntervalSince1970: t))
        }
        return out
    }

    /// Contacts stored more than once: the same channel and provider id under more than one row.
    func duplicated() async -> Int? {
        await query("""
            SELECT count(*)::text FROM (SELECT 1 FROM contacts WHERE external_id IS NOT NULL
            GROUP BY channel, external_id HAVING count(*) > 1) d
            """)?.first?[0].flatMap(Int.init)
    }

    func query(_ sql: String, _ parameters: [String?] = []) async -> [[String?]]? {
        var logger = Logger(label: "faults")
        logger.logLevel = .critical
        guard let db = try? await PostgresConnection.connect(url: url, applicationName: "intake-bench", logger: logger) else { return nil }
        defer { Task { await db.close() } }
        return try? await db.query(sql, parameters).rows
    }
}

/// One fault's figures.
struct FaultRecord {
    var name: String
    var start: Date
    /// When the part was back (restarted, or the outage over).
    var end: Date
    /// Seconds from `end` until a webhook was accepted again and every contact accepted before
    /// `end` was committed; nil when that did not happen within the limit.
    var recovery: Double?
    var note: String?

    /// The moment the fault's row ends: its recovery, or the part being back when it did not recover.
    var until: Date { end.addingTimeInterval(recovery ?? 0) }

    /// The webhooks answered from the fault's start to its recovery, accepted and refused.
    func answered(in outcomes: [SteadyLoad.Outcome]) -> (accepted: Int, refused: Int) {
        let window = outcomes.filter { $0.at >= start && $0.at <= until }
        let accepted = window.filter(\.accepted).count
        return (accepted, window.count - accepted)
    }
}

/// The run's verdict: nothing accepted lost, nothing stored twice, no resident told twice.
struct FaultVerdict {
    var sent = 0
    var accepted = 0
    var committed = 0
    var lost: [String] = []
    var duplicated = 0
    var refused = 0
    var refusedButStored = 0
    var longestToCommit = 0.0
    var residentsToldTwice: [String] = []
    /// For each resident told twice, how: the channel, whether the webhook's answer had the
    /// reference, and how many provider messages did (the texts, without the number).
    var toldTwiceHow: [String] = []
    var unrecovered: [String] = []

    var passed: Bool { lost.isEmpty && duplicated == 0 && residentsToldTwice.isEmpty && unrecovered.isEmpty }

    /// The verdict's lines of a report: what was sent, kept, lost and told, and each process's peak memory.
    func summary(peaks: [String: Int]) -> String {
        """
        sent \(sent), accepted (2xx) \(accepted), committed \(committed), lost \(lost.count), duplicated \(duplicated)
        refused (non-2xx or no answer) \(refused), of which stored anyway (a retry would find them) \(refusedButStored)
        longest time from 2xx to commit: \(String(format: "%.1f s", longestToCommit))
        residents who got two messages with a case reference: \(residentsToldTwice.count)
        peak memory: \(peaks.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value / 1_048_576) MB" }.joined(separator: ", "))
        """
    }

    /// What went wrong, a line each (empty when nothing did).
    var problems: String {
        var out = ""
        if !lost.isEmpty { out += "\nlost: \(lost.prefix(20).joined(separator: ", "))" }
        if !residentsToldTwice.isEmpty {
            out += "\ntold twice: \(residentsToldTwice.count) residents"
            for how in toldTwiceHow.prefix(20) { out += "\n  \(how)" }
        }
        if !unrecovered.isEmpty { out += "\nnot recovered: \(unrecovered.joined(separator: "; "))" }
        return out
    }

    /// Case references (`TUC-2026-000123`) in a message.
    static func references(in text: String, prefix: String) -> Int {
        var count = 0
        var rest = Substring(text)
        while let r = rest.range(of: "\(prefix)-") {
            let tail = rest[r.upperBound...]
            let digits = tail.prefix(11)
            if digits.count == 11, digits.enumerated().allSatisfy({ $0.offset == 4 ? $0.element == "-" : $0.element.isNumber }) { count += 1 }
            rest = tail
        }
        return count
    }
}
