import Foundation
public import IntakeCore
import IntakeStore
public import Logging

/// Answers "what is the status of TUC-2026-000123?" from PostgreSQL, as the read-only role
/// (`INTAKE_DATABASE_URL_READER`), which may SELECT cases and nothing else. It reads only the
/// case's state, kind and the department's last note, never the residents' words.
/// One connection is kept and opened again once when it drops.
public actor CaseStatusLookup {
    public struct Status: Sendable, Equatable {
        public var ref: String
        /// `open`, `in_progress` or `closed`.
        public var state: String
        public var category: String?
        /// The note the department gave with its last change (`cases.status_note`).
        public var note: String?
        /// The case this one was merged into, if a department marked it a duplicate.
        public var duplicateOf: String?

        public init(ref: String, state: String, category: String?, note: String?, duplicateOf: String?) {
            self.ref = ref
            self.state = state
            self.category = category
            self.note = note
            self.duplicateOf = duplicateOf
        }
    }

    public enum Lookup: Sendable, Equatable {
        case found(Status)
        case notFound
        /// The database could not be asked.
        case unavailable
    }

    let databaseURL: String
    let applicationName: String
    let logger: Logger
    private var connection: PostgresConnection?

    public init(databaseURL: String, applicationName: String = "intake-status", logger: Logger) {
        self.databaseURL = databaseURL
        self.applicationName = applicationName
        self.logger = logger
    }

    public init(settings: IntakeSettings, applicationName: String = "intake-status", logger: Logger) {
        self.init(databaseURL: settings.readerDatabaseURL, applicationName: applicationName, logger: logger)
    }

    /// The case's status, or nil when there is no case with that reference; throws when the
    /// database cannot be asked.
    public func status(of ref: String) async throws -> Status? {
        switch await lookup(ref) {
        case .found(let s): return s
        case .notFound: return nil
        case .unavailable: throw CaseStatusLookupError.unavailable
        }
    }

    public func lookup(_ ref: String) async -> Lookup {
        for attempt in 0..<2 {
            do {
                let db = try await connect()
                let rows = try await db.query("SELECT ref, status, category, status_note, duplicate_of FROM cases WHERE ref = $1", [ref])
                guard rows.count == 1, let found: String = rows[0, "ref"], let state: String = rows[0, "status"] else { return .notFound }
                return .found(Status(ref: found, state: state, category: rows[0, "category"], note: rows[0, "status_note"],
                                     duplicateOf: rows[0, "duplicate_of"]))
            } catch {
                logger.warning("case status lookup failed (attempt \(attempt + 1)): \(error)")
                if let c = connection { await c.close() }
                connection = nil
            }
        }
        return .unavailable
    }

    public func close() async {
        if let c = connection { await c.close() }
        connection = nil
    }

    private func connect() async throws -> PostgresConnection {
        if let connection { return connection }
        let c = try await PostgresConnection.connect(url: databaseURL, applicationName: applicationName, logger: logger)
        connection = c
        return c
    }
}

public enum CaseStatusLookupError: Error, CustomStringConvertible {
    case unavailable

    public var description: String { "the case database could not be asked" }
}
