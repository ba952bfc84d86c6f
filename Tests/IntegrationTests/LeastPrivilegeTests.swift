import Foundation
import IntakeCore
import IntakeStore
import IntakeTestSupport
import Logging
import Testing

@Suite("Database roles and migrations")
struct LeastPrivilegeTests {
    @Test("migrations apply once, then report nothing pending")
    func migrations() async throws {
        try await TestStack.with { stack in
            let db = try await stack.ownerConnection()
            let runner = MigrationRunner(logger: Logger(label: "test"))
            #expect(try await runner.migrate(db).map(\.version) == Migration.all.map(\.version))
            #expect(try await runner.migrate(db).isEmpty)
            #expect(try await runner.pending(db).isEmpty)
            await db.close()
        }
    }

    @Test("the writer's role may insert and update but not delete or change the schema; the reader only reads cases")
    func roles() async throws {
        try await TestStack.with { stack in
            let owner = try await stack.ownerConnection()
            try await MigrationRunner(logger: Logger(label: "test")).migrate(owner)
            await owner.close()
            let settings = try stack.settings()
            let writer = try await PostgresConnection.connect(url: settings.databaseURL, logger: Logger(label: "test"))
            try await writer.query("INSERT INTO case_counters (prefix, year, last_value) VALUES ('TST', 2026, 1)")
            for sql in ["DELETE FROM case_counters", "DROP TABLE cases", "CREATE TABLE x (y int)", "TRUNCATE contacts",
                        "UPDATE case_audit SET actor = 'x'", "DELETE FROM case_audit", "TRUNCATE case_audit"] {
                await #expect(throws: PostgresError.self) { try await writer.query(sql) }
            }
            await writer.close()
            let env = try ConfigFile.read(path: "\(stack.directory)/stack.env")
            let readerURL = stack.databaseURL(env["INTAKE_DATABASE_URL_READER"]!)
            let reader = try await PostgresConnection.connect(url: readerURL, logger: Logger(label: "test"))
            _ = try await reader.query("SELECT count(*) FROM cases")
            do {
                try await reader.query("SELECT text, sender_address FROM contacts")
                Issue.record("the reader role can read residents' contacts")
            } catch let e as PostgresError {
                #expect(e.sqlState == "42501")
            }
            // Only which case a contact belongs to (Open311 tokens): never who wrote it or what it says.
            _ = try await reader.query("SELECT id, case_ref FROM contacts")
            await #expect(throws: PostgresError.self) { try await reader.query("INSERT INTO case_counters VALUES ('X', 1, 1)") }
            await #expect(throws: PostgresError.self) { try await reader.query("SELECT actor FROM case_audit") }
            await reader.close()
        }
    }

    @Test("the writer's role alone cannot migrate a new database, and says what to do")
    func writerCannotMigrate() async throws {
        try await TestStack.with { stack in
            let settings = try stack.settings()
            let writer = try await PostgresConnection.connect(url: settings.databaseURL, logger: Logger(label: "test"))
            do {
                try await MigrationRunner(logger: Logger(label: "test")).migrate(writer)
                Issue.record("the writer role migrated the schema")
            } catch let e as PostgresError {
                #expect(e.message.contains("intake migrate"))
            }
            await writer.close()
        }
    }
}
