import Foundation
import IntakeStore
import Logging

/// "Check a reference": a case's status, read as the database's reader role
/// (`INTAKE_DATABASE_URL_READER`), which may read cases but write nothing. Only the status, the
/// kind of problem and the dates are told: nothing a resident wrote.
actor CaseStatusReader {
    struct CaseStatus: Sendable, Equatable {
        var ref: String
        var status: String
        var category: String?
        var openedAt: String
        var contacts: Int
        /// The department's last note (`cases.status_note`) and the case it was merged into, if any.
        var note: String? = nil
        var duplicateOf: String? = nil
    }

    enum Lookup: Sendable, Equatable {
        case found(CaseStatus)
        case notFound
        case unavailable
    }

    let url: String
    let logger: Logger
    private var connection: PostgresConnection?

    init(url: String, logger: Logger) {
        self.url = url
        self.logger = logger
    }

    func status(of ref: String) async -> Lookup {
        for attempt in 0..<2 {
            do {
                let db = try await connect()
                let rows = try await db.query("""
                    SELECT ref, status, category, to_char(opened_at, 'YYYY-MM-DD'), contact_count::text, status_note, duplicate_of
                    FROM cases WHERE ref = $1
                    """, [ref])
                guard let r = rows.rows.first, let found = r[0], let status = r[1] else { return .notFound }
                return .found(CaseStatus(ref: found, status: status, category: r[2], openedAt: r[3] ?? "", contacts: Int(r[4] ?? "1") ?? 1,
                                         note: r[5], duplicateOf: r[6]))
            } catch {
                // A dropped connection is opened again once.
                logger.warning("case status lookup failed (attempt \(attempt + 1)): \(error)")
                if let c = connection { await c.close() }
                connection = nil
            }
        }
        return .unavailable
    }

    private func connect() async throws -> PostgresConnection {
        if let connection { return connection }
        let c = try await PostgresConnection.connect(url: url, applicationName: "intake-chat-status", logger: logger)
        connection = c
        return c
    }
}
