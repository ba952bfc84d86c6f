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
            // Case numbers only through next_case_number: the writer may not set or reset the counter.
            #expect(try await writer.query("SELECT next_case_number('TST', 2026, 1) AS n")[0, "n"] == "1")
            #expect(try await writer.query("SELECT next_case_number('TST', 2026, 5) AS n")[0, "n"] == "6")
            for sql in ["UPDATE case_counters SET last_value = 0", "INSERT INTO case_counters (prefix, year, last_value) VALUES ('TST', 2025, 1)"] {
                do {
                    try await writer.query(sql)
                    Issue.record("the writer's role may run \(sql)")
                } catch let e as PostgresError {
                    #expect(e.sqlState == "42501")
                }
            }
            // No case numbers for implausible years, nor in implausible amounts.
            for sql in ["SELECT next_case_number('TST', 9999, 1)", "SELECT next_case_number('TST', 1999, 1)", "SELECT next_case_number('TST', 2026, 0)"] {
                do {
                    try await writer.query(sql)
                    Issue.record("\(sql) gave a number")
                } catch let e as PostgresError {
                    #expect(e.sqlState == "22023")
                }
            }
            #expect(try await writer.query("SELECT last_value FROM case_counters WHERE prefix = 'TST' AND year = 2026")[0, "last_value"] == "6")
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

    @Test("an error's description, what logs show, leaves out the row PostgreSQL quotes; the full text keeps it")
    func errorsWithoutRowData() async throws {
        try await TestStack.with { stack in
            let owner = try await stack.ownerConnection()
            try await MigrationRunner(logger: Logger(label: "test")).migrate(owner)
            await owner.close()
            let writer = try await PostgresConnection.connect(url: try stack.settings().databaseURL, logger: Logger(label: "test"))
            do {
                try await writer.query("INSERT INTO quarantine (contact_id, adapter, channel, envelope, error, attempts) VALUES ($1, $2, NULL, '\\x00', $3, 1)",
                                       ["sms:SMrow", "+15205550199", "Broken water main on Elm St"])
                Issue.record("a NULL channel was stored")
            } catch let e as PostgresError {
                #expect(e.sqlState == "23502")
                #expect(e.fullDescription.contains("Failing row contains"))
                #expect(e.fullDescription.contains("+15205550199"))
                #expect(!e.description.contains("Failing row"))
                #expect(!e.description.contains("5205550199"))
                #expect(!e.description.contains("water main"))
            }
            do {
                try await writer.query("SELECT $1::integer", ["+15205550199"])
                Issue.record("a phone number was read as an integer")
            } catch let e as PostgresError {
                #expect(e.sqlState == "22003")
                #expect(!e.description.contains("5205550199"), "the quoted value is left out: \(e.description)")
                #expect(e.description.contains("out of range for type integer"))
            }
            do {
                try await writer.query("SELECT $1::date", ["Pothole on Elm"])
                Issue.record("words were read as a date")
            } catch let e as PostgresError {
                #expect(e.sqlState == "22007")
                #expect(!e.description.contains("Elm"), "the quoted value is left out: \(e.description)")
            }
            await writer.close()
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
