import Foundation
import IntakeChannel
import IntakeLocate
import IntakeStore
import Logging

/// The console's reads: case search and the case page, as the writer's role (which may read
/// contacts, events, the audit trail and the outbox). One connection, opened again when it drops.
actor ConsoleCases {
    enum Field: String, CaseIterable {
        case ref, phone, address, category
    }

    let databaseURL: String
    /// The adapters' log of replies sent (`$INTAKE_DATA_DIR/replies/sent.log`): on this machine
    /// when the adapters share the writer's data directory, else absent.
    let sentLogPath: String
    let logger: Logger
    private var connection: PostgresConnection?

    init(databaseURL: String, sentLogPath: String, logger: Logger) {
        self.databaseURL = databaseURL
        self.sentLogPath = sentLogPath
        self.logger = logger
    }

    static let caseColumns = "c.ref, c.status, c.channel, c.category, c.priority, c.location_text, c.emergency::text AS emergency, c.opened_at::text AS opened_at"

    /// At most 100 cases, newest first.
    func search(_ field: Field, _ value: String) async throws -> PostgresRows {
        let v = value.trimmingCharacters(in: .whitespaces)
        switch field {
        case .ref:
            return try await query("SELECT \(Self.caseColumns) FROM cases c WHERE c.ref = upper($1)", [v])
        case .phone:
            // Digits only, matched at the end, so +1 (520) 555-0100 finds 5205550100.
            let digits = v.filter(\.isNumber)
            guard digits.count >= 4 else { return try await query("SELECT \(Self.caseColumns) FROM cases c WHERE false") }
            return try await query("""
                SELECT \(Self.caseColumns) FROM cases c WHERE c.ref IN (SELECT case_ref FROM contacts
                WHERE right(regexp_replace(coalesce(sender_address, ''), '[^0-9]', '', 'g'), length($1)) = $1)
                ORDER BY c.opened_at DESC LIMIT 100
                """, [digits])
        case .address:
            return try await query("""
                SELECT \(Self.caseColumns) FROM cases c WHERE strpos(lower(coalesce(c.location_text, '')), lower($1)) > 0
                ORDER BY c.opened_at DESC LIMIT 100
                """, [v])
        case .category:
            return try await query("SELECT \(Self.caseColumns) FROM cases c WHERE c.category = $1 ORDER BY c.opened_at DESC LIMIT 100", [v])
        }
    }

    /// Open cases within `radiusM` metres of `point`, nearest first (at most 10).
    func openCases(near point: GeoPoint, radiusM: Double) async throws -> [NearbyCases.Found] {
        let rows = try await query(NearbyCases.sql, NearbyCases.parameters(around: point, radiusM: radiusM))
        return NearbyCases.nearest(NearbyCases.candidates(rows), to: point, within: radiusM)
    }

    struct CaseRecord {
        var summary: PostgresRows
        var contacts: PostgresRows
        var events: PostgresRows
        var audit: PostgresRows
        /// Replies to residents: notices, those waiting in the outbox, those the adapters logged.
        var replies: [CaseReply]
        /// Whether the adapters' sent log was readable here.
        var sentLogSeen: Bool
    }

    func record(ref: String) async throws -> CaseRecord? {
        let summary = try await query("""
            SELECT \(Self.caseColumns), c.description, c.status_note, c.duplicate_of, c.neighborhood, c.ward FROM cases c WHERE c.ref = upper($1)
            """, [ref])
        guard summary.count == 1, let ref = summary[0, "ref"] else { return nil }
        let contacts = try await query("""
            SELECT id, channel, adapter, received_at::text AS received_at, sender_kind, sender_address, sender_name, text,
                   envelope->'channel_data'->>'staff' AS staff
            FROM contacts WHERE case_ref = $1 ORDER BY received_at
            """, [ref])
        let events = try await query("""
            SELECT id::text AS id, kind, at::text AS at, coalesce(contact_id, '') AS contact_id, coalesce(detail::text, '') AS detail
            FROM case_events WHERE case_ref = $1 ORDER BY at, id
            """, [ref])
        let pending = try await query("""
            SELECT convert_from(payload, 'UTF8') AS payload FROM outbox
            WHERE topic LIKE '%/reply/%' AND strpos(convert_from(payload, 'UTF8'), $1) > 0 ORDER BY id
            """, [ref])
        let sent = FileManager.default.fileExists(atPath: sentLogPath) ? SentReplies.read(sentLogPath) : nil
        let replies = CaseReplies.list(
            events: (0..<events.count).map { (events[$0, "at"] ?? "", events[$0, "detail"] ?? "") },
            pending: (0..<pending.count).compactMap { pending[$0, "payload"] },
            sent: sent,
            contacts: (0..<contacts.count).compactMap { i in contacts[i, "id"].map { ($0, contacts[i, "channel"] ?? "") } })
        return CaseRecord(
            summary: summary, contacts: contacts, events: events,
            audit: try await query("SELECT at::text AS at, actor, action, detail::text AS detail, coalesce(remote_addr, '') AS remote_addr FROM case_audit WHERE case_ref = $1 ORDER BY at, id", [ref]),
            replies: replies, sentLogSeen: sent != nil)
    }

    func query(_ sql: String, _ parameters: [String?] = []) async throws -> PostgresRows {
        do {
            return try await connect().query(sql, parameters)
        } catch {
            // Once more on a fresh connection: the old one may have dropped.
            logger.notice("console: query failed, reconnecting: \(error)")
            if let c = connection { await c.close() }
            connection = nil
            return try await connect().query(sql, parameters)
        }
    }

    private func connect() async throws -> PostgresConnection {
        if let connection { return connection }
        let c = try await PostgresConnection.connect(url: databaseURL, applicationName: "intake-console", logger: logger)
        connection = c
        return c
    }
}
