import Foundation
import IntakeCore
import IntakeStore
import Logging

/// (b) What PostgreSQL takes alone: the pipeline's contact rows, by COPY and by 100-row INSERTs,
/// into a scratch table shaped like `contacts` (without its foreign key).
enum DatabaseCapacity {
    struct Result {
        var copyRowsPerSecond: Double
        var insertRowsPerSecond: Double
    }

    static let columns = "id, revision, case_ref, channel, adapter, external_id, received_at, sender_kind, sender_address, sender_name, language, text, dedup_verdict, envelope"

    static func measure(stack: BenchStack, rows: Int, runs: Int, run: String, city: CityModel? = nil) async throws -> Result {
        let db = try await PostgresConnection.connect(url: stack.settings["INTAKE_MIGRATION_DATABASE_URL"]!, logger: Logger(label: "bench"))
        defer { Task { await db.close() } }
        let records: [[String?]] = (0..<rows).map { i in
            let c = Workload.contact(i, run: run, city: city)
            let envelope = String(decoding: IntakeJSON.encode(EnrichedContact(contact: c, dedup: DedupVerdict(verdict: .new))), as: UTF8.self)
            return [c.id, "1", "TUC-2026-\(String(format: "%06d", i))", c.channel, c.adapter, c.externalID, RFC3339.string(from: c.receivedAt),
                    c.sender.kind.rawValue, c.sender.address, nil, c.language, c.text, "new", envelope]
        }
        var copyText: [UInt8] = []
        for r in records {
            copyText += Array(r.map { $0.map(escapeCopy) ?? "\\N" }.joined(separator: "\t").utf8)
            copyText.append(UInt8(ascii: "\n"))
        }
        log("database: \(rows) contact rows (\(copyText.count / rows) bytes each as COPY text), \(runs) runs each")
        var copyRates: [Double] = []
        var insertRates: [Double] = []
        for _ in 0..<runs {
            try await db.query("DROP TABLE IF EXISTS bench_contacts")
            try await db.query("CREATE TABLE bench_contacts (LIKE contacts INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)")
            let start = ContinuousClock.now
            let bytes = copyText
            let copied = try await db.withSession { s in try s.copyIn("COPY bench_contacts (\(columns)) FROM STDIN", data: bytes) }
            copyRates.append(Double(copied) / ((ContinuousClock.now - start) / .seconds(1)))

            try await db.query("TRUNCATE bench_contacts")
            let insertStart = ContinuousClock.now
            let rowsCopy = records
            try await db.withSession { s in
                for chunk in stride(from: 0, to: rowsCopy.count, by: 100) {
                    let part = rowsCopy[chunk..<min(chunk + 100, rowsCopy.count)]
                    var values: [String] = []
                    var params: [String?] = []
                    for r in part {
                        let base = params.count
                        values.append("(" + (1...14).map { "$\(base + $0)" }.joined(separator: ",") + ")")
                        params += r
                    }
                    try s.query("INSERT INTO bench_contacts (\(columns)) VALUES \(values.joined(separator: ","))", params)
                }
            }
            insertRates.append(Double(rows) / ((ContinuousClock.now - insertStart) / .seconds(1)))
        }
        try await db.query("DROP TABLE IF EXISTS bench_contacts")
        return Result(copyRowsPerSecond: median(copyRates), insertRowsPerSecond: median(insertRates))
    }

    static func escapeCopy(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}

func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return 0 }
    let s = values.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}
