public import IntakeCore
import IntakeStore
public import Logging

/// Answers "what is the status of TUC-2026-000123?" from PostgreSQL, as the read-only role
/// (`INTAKE_DATABASE_URL_READER`, as `intake cases` reads), which may SELECT cases and nothing else.
/// It reads only the case's state and kind, never the residents' words.
public struct CaseStatusLookup: Sendable {
    public struct Status: Sendable, Equatable {
        public var ref: String
        /// `open`, `in_progress` or `closed`.
        public var state: String
        public var category: String?
    }

    let databaseURL: String
    let logger: Logger

    public init(settings: IntakeSettings, logger: Logger) {
        databaseURL = settings.readerDatabaseURL
        self.logger = logger
    }

    /// The case's status, or nil when there is no case with that reference.
    public func status(of ref: String) async throws -> Status? {
        let db = try await PostgresConnection.connect(url: databaseURL, applicationName: "intake-telegram-status", logger: logger)
        let rows: PostgresRows
        do {
            rows = try await db.query("SELECT ref, status, category FROM cases WHERE ref = $1", [ref])
            await db.close()
        } catch {
            await db.close()
            throw error
        }
        guard rows.count == 1, let state = rows[0, "status"] else { return nil }
        return Status(ref: rows[0, "ref"] ?? ref, state: state, category: rows[0, "category"])
    }
}
