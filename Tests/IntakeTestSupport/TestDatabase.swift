public import IntakeStore
import Logging

extension TestStack {
    /// A connection to this test's database as the schema owner, for assertions.
    public func ownerConnection() async throws -> PostgresConnection {
        let settings = try settings()
        return try await PostgresConnection.connect(url: settings.migrationDatabaseURL, applicationName: "intake-test", logger: Logger(label: "test-db"))
    }

    /// Polls `sql` until its first column of its first row is `expected` (as text).
    public func waitForValue(_ sql: String, _ parameters: [String?] = [], equals expected: String,
                             timeout: Duration = .seconds(20)) async throws {
        let db = try await ownerConnection()
        defer { Task { await db.close() } }
        let deadline = ContinuousClock.now + timeout
        var last: String?
        while ContinuousClock.now < deadline {
            let rows = try? await db.query(sql, parameters)
            last = rows.flatMap { $0.count > 0 ? $0.rows[0][0] : nil }
            if last == expected { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestSetupError("`\(sql)` gave \(last ?? "nothing"), expected \(expected), within \(timeout)")
    }
}
