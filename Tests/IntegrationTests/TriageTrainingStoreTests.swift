import Foundation
import IntakeCore
import IntakeStore
import IntakeTestSupport
import Logging
import Testing

/// A category a person corrects becomes training rows, in the real PostgreSQL, under the roles the stack makes.
@Suite("Triage training rows from corrections")
struct TriageTrainingStoreTests {
    @Test("changing a case's category stores its contacts' words with the new category; export writes them for train")
    func correctionBecomesTrainingRow() async throws {
        try await TestStack.with { stack in
            let owner = try await stack.ownerConnection()
            try await MigrationRunner(logger: Logger(label: "test")).migrate(owner)
            await owner.close()
            let settings = try stack.settings()
            let writer = try await PostgresConnection.connect(url: settings.databaseURL, logger: Logger(label: "test"))
            try await writer.query("""
                INSERT INTO cases (ref, channel, language, description, category, opened_at)
                VALUES ('TST-2026-000001', 'sms', 'en', 'x', 'other', now()), ('TST-2026-000002', 'sms', 'en', 'y', 'noise', now())
                """)
            for (id, ref, text, minutes) in [("c1", "TST-2026-000001", "car parked on the hydrant, again", 2),
                                             ("c2", "TST-2026-000001", "still \"there\"\nnobody came", 1),
                                             ("c3", "TST-2026-000002", "music all night", 0)] {
                try await writer.query("""
                    INSERT INTO contacts (id, case_ref, channel, adapter, received_at, sender_kind, language, text, dedup_verdict, envelope)
                    VALUES ($1, $2, 'sms', 'sms', now() - make_interval(mins => $4::int), 'phone', 'en', $3, 'new', '{}')
                    """, [id, ref, text, String(minutes)])
            }
            // Not corrections: another column, or the same category again.
            try await writer.query("UPDATE cases SET status = 'in_progress' WHERE ref = 'TST-2026-000001'")
            try await writer.query("UPDATE cases SET category = 'noise' WHERE ref = 'TST-2026-000002'")
            #expect(try await writer.query("SELECT count(*) FROM triage_training").rows[0][0] == "0")

            // A person corrects the category (as the writer's role, which may update cases).
            try await writer.query("UPDATE cases SET category = 'parking' WHERE ref = 'TST-2026-000001'")
            let rows = try await writer.query("SELECT text, category, source, case_ref FROM triage_training ORDER BY id").rows
            #expect(rows == [
                ["car parked on the hydrant, again", "parking", "correction", "TST-2026-000001"],
                ["still \"there\"\nnobody came", "parking", "correction", "TST-2026-000001"],
            ])

            // Least privilege: nobody writes training rows by hand but the owner; the reader sees none.
            for sql in ["INSERT INTO triage_training (text, category) VALUES ('x', 'y')", "DELETE FROM triage_training",
                        "UPDATE triage_training SET category = 'x'"] {
                await #expect(throws: PostgresError.self) { try await writer.query(sql) }
            }
            await writer.close()
            let reader = try await PostgresConnection.connect(url: settings.readerDatabaseURL, logger: Logger(label: "test"))
            do {
                try await reader.query("SELECT count(*) FROM triage_training")
                Issue.record("the reader role can read training rows (residents' words)")
            } catch let e as PostgresError {
                #expect(e.sqlState == "42501")
            }
            await reader.close()

            // intake triage export writes them in the form intake triage train reads.
            let dir = try Paths.temporaryDirectory("triage-export")
            var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("INTAKE_") }
            env["INTAKE_DATABASE_URL"] = settings.databaseURL
            let out = try await Shell.run(try IntakeProcess.executable(), ["triage", "export", "--out", "\(dir)/corrections.csv"], environment: env)
            #expect(out.contains("wrote 2 training rows to \(dir)/corrections.csv"))
            let csv = try String(contentsOfFile: "\(dir)/corrections.csv", encoding: .utf8)
            #expect(csv == "text,category\n\"car parked on the hydrant, again\",parking\n\"still \"\"there\"\"\nnobody came\",parking\n")
        }
    }
}
