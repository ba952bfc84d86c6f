public import Logging

/// Applies pending migrations, once, whatever number of processes start together.
public struct MigrationRunner: Sendable {
    public let migrations: [Migration]
    let logger: Logger

    public init(migrations: [Migration] = Migration.all, logger: Logger) {
        self.migrations = migrations
        self.logger = logger
    }

    /// Versions already applied, or none when the schema has never been migrated.
    public func appliedVersions(_ db: PostgresConnection) async throws -> Set<Int> {
        let exists = try await db.query("SELECT to_regclass('intake_schema_migrations') IS NOT NULL AS present")
        guard exists[0, "present"] == "t" else { return [] }
        let rows = try await db.query("SELECT version FROM intake_schema_migrations")
        return Set(rows.rows.compactMap { $0[0].flatMap(Int.init) })
    }

    /// The migrations this build has that the database has not.
    public func pending(_ db: PostgresConnection) async throws -> [Migration] {
        let applied = try await appliedVersions(db)
        return migrations.filter { !applied.contains($0.version) }
    }

    /// Applies what is pending, each in its own transaction, under an advisory lock so that two
    /// processes starting at once do not both try. Returns what it applied.
    @discardableResult
    public func migrate(_ db: PostgresConnection) async throws -> [Migration] {
        if try await pending(db).isEmpty { return [] }
        let all = migrations
        let log = logger
        do {
            return try await db.withSession { s in
                try s.execute("SELECT pg_advisory_lock(3110001)")
                defer { _ = try? s.execute("SELECT pg_advisory_unlock(3110001)") }
                try s.execute("""
                    CREATE TABLE IF NOT EXISTS intake_schema_migrations (
                        version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
                    """)
                let done = Set(try s.query("SELECT version FROM intake_schema_migrations").rows.compactMap { $0[0].flatMap(Int.init) })
                var applied: [Migration] = []
                for m in all where !done.contains(m.version) {
                    try s.execute("BEGIN")
                    do {
                        try s.execute(m.sql)
                        try s.query("INSERT INTO intake_schema_migrations (version, name) VALUES ($1, $2)", [String(m.version), m.name])
                        try s.execute("COMMIT")
                    } catch {
                        _ = try? s.execute("ROLLBACK")
                        throw error
                    }
                    log.info("applied migration \(m.version): \(m.name)")
                    applied.append(m)
                }
                return applied
            }
        } catch let e as PostgresError where e.sqlState == "42501" {
            throw PostgresError(
                sqlState: e.sqlState,
                message: "the schema needs migrating and this role may not: run `intake migrate` with the schema owner's URL (INTAKE_MIGRATION_DATABASE_URL)",
                detail: e.message)
        }
    }
}
