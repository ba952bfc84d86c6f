import Foundation
import IntakeCore
import IntakeTestSupport
import Testing

/// At the default level (`info`) the logs never show a resident's number or words, whichever
/// failure path a contact takes: a NUL cleaned at the adapter, a forged signature, a contact the
/// database refuses (quarantined), one dated outside the sane window (refused by enrich, and by
/// the case counter), a reply the provider never takes.
@Suite("Log privacy")
struct LogPrivacyTests {
    @Test("numbers and texts sent through the failure paths never appear in the info-level log")
    func nothingResidentInLogs() async throws {
        try await TestStack.with { stack in
            let env = ["INTAKE_DATA_DIR": try Paths.temporaryDirectory("privacy-data"), "INTAKE_LOG_LEVEL": "info",
                       "INTAKE_ACK_WAIT_MS": "500", "INTAKE_WRITER_MAX_ATTEMPTS": "2",
                       "INTAKE_TWILIO_API_URL": "http://127.0.0.1:9", "INTAKE_REPLY_ATTEMPTS": "1"]
            let intake = try await IntakeProcess.start("run", stack: stack, environment: env)
            let tag = UUID().uuidString.prefix(6)
            var secrets: [String] = []
            func secret(_ s: String) -> String { secrets.append(s); return s }

            // 1. A NUL at the adapter: cleaned, stored, answered (the reply then fails: no provider).
            let cleanedSID = TestTwilio.messageSID()
            let r1 = try await TestTwilio.post("\(intake.baseURL)/twilio/sms", parameters: TestTwilio.smsParameters(
                body: secret("Hydrant\u{0} leaking QWERTYB\(tag)"), sid: cleanedSID, from: secret("+15205550187")))
            #expect(r1.status == 200)
            // 2. A forged signature.
            let r2 = try await TestTwilio.post("\(intake.baseURL)/twilio/sms", parameters: TestTwilio.smsParameters(
                body: secret("Forged message PLUGHC\(tag)"), from: secret("+15205550188")), token: "not-the-token")
            #expect(r2.status == 403)

            // 3. A contact PostgreSQL refuses (jsonb and \u0000), and 4. one dated 9999, straight to the writer.
            let enrich = try BusProbe(stack, role: "intake-enrich")
            try await enrich.start()
            let poison = PoisonContactTests.enriched("sms:SMpoison\(tag)", text: secret("Sinkhole\u{0} FROBOZZD\(tag)"), from: secret("+15205550189"))
            var future = PoisonContactTests.enriched("sms:SMfuture\(tag)", text: secret("Future GRUEE\(tag)"), from: secret("+15205550190"))
            future.contact.receivedAt = try #require(RFC3339.date(from: "9999-06-01T12:00:00Z"))
            for e in [poison, future] { try await enrich.client.publish(topic: "311/v1/enriched/sms", payload: IntakeJSON.encode(e)) }
            // 5. A contact dated 9999 from an adapter: enrich refuses it.
            let adapter = try BusProbe(stack, role: "intake-adapters")
            try await adapter.start()
            var late = PoisonContactTests.enriched("sms:SMlate\(tag)", text: secret("Dated far ahead ZORKF\(tag)"), from: secret("+15205550191")).contact
            late.receivedAt = future.contact.receivedAt
            try await adapter.client.publish(topic: "311/v1/contact/sms", payload: IntakeJSON.encode(late))

            try await stack.waitForValue("SELECT count(*) FROM quarantine", equals: "2", timeout: .seconds(30))
            try await stack.waitForValue("SELECT count(*) FROM contacts WHERE id = $1", ["sms:\(cleanedSID)"], equals: "1")
            try await stack.waitForValue("SELECT count(*) FROM cases WHERE ref LIKE '%-9999-%'", equals: "0")
            // The reference SMS to the cleaned contact's resident fails (nothing listens on port 9).
            try await Task.sleep(for: .seconds(3))
            for p in [enrich, adapter] { await p.stop() }
            #expect(await intake.terminate() == 0)

            let log = intake.log
            #expect(log.contains("quarantined"), "the quarantine path was logged")
            #expect(log.contains("/received_at"), "enrich's refusal was logged")
            #expect(!log.contains("Failing row"))
            for s in secrets {
                let probe = s.replacingOccurrences(of: "\u{0}", with: "")
                // Numbers without their +, and each marker word of the texts.
                let needles = probe.hasPrefix("+") ? [probe, String(probe.dropFirst()), String(probe.suffix(7))]
                    : probe.split(separator: " ").map(String.init).filter { $0.hasSuffix(String(tag)) }
                for n in needles { #expect(!log.contains(n), "the log shows \(n)") }
            }
        }
    }
}
