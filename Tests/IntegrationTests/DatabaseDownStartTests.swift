import Foundation
import IntakeTestSupport
import Testing

/// Item 3 of the fault work, in part: a crash while PostgreSQL is down must not stop intake.
@Suite("Start while the database is down")
struct DatabaseDownStartTests {
    @Test("intake run starts while PostgreSQL is down, accepts an SMS, and stores it once when the database answers")
    func startsWithDatabaseDown() async throws {
        try await TestStack.with { stack in
            // PostgreSQL as intake sees it: a port that refuses connections until the test opens it.
            let database = try TCPForwarder(to: stack.pgPort)
            let real = try stack.settings()
            func through(_ url: String) -> String {
                url.replacingOccurrences(of: ":\(stack.pgPort)/", with: ":\(database.port)/")
            }
            let overrides = [
                "INTAKE_DATABASE_URL": through(real.databaseURL),
                "INTAKE_MIGRATION_DATABASE_URL": through(real.migrationDatabaseURL),
                "INTAKE_DATABASE_URL_READER": through(real.readerDatabaseURL),
                "INTAKE_ACK_WAIT_MS": "300",
            ]
            #expect(overrides["INTAKE_DATABASE_URL"] != real.databaseURL)
            try await RunningIntake.with(stack, settings: overrides, waitingForDatabase: true) { intake in
                let waiting = try await SignedSMS.health(intake.baseURL)
                #expect(waiting.status == 200)
                #expect(waiting.body.contains("\"database\":\"waiting\""), "\(waiting.body)")

                let sid = TestTwilio.messageSID()
                let answer = try await SignedSMS.post(intake.baseURL, body: "Water main leaking on Grant Rd", sid: sid)
                #expect(answer.status == 200)
                try await Task.sleep(for: .seconds(2))

                try database.open()
                try await stack.waitForValue("SELECT count(*) FROM contacts WHERE id = $1", ["sms:\(sid)"], equals: "1", timeout: .seconds(60))
                let ready = try await SignedSMS.waitForHealth(intake.baseURL) { $0.status == 200 && $0.body.contains("\"database\":\"ready\"") }
                #expect(ready.status == 200)
                // Republished while the writer was away, still one row.
                try await Task.sleep(for: .seconds(4))
                try await stack.waitForValue("SELECT count(*) FROM contacts WHERE id = $1", ["sms:\(sid)"], equals: "1")
            }
            database.close()
        }
    }
}
