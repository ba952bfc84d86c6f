import Foundation
import TwilioSupport
import IntakeCore
import IntakeTestSupport
import Testing

/// An SMS through the whole pipeline: real HTTP, real mosquitto, real PostgreSQL.
@Suite("Pipeline")
struct PipelineTests {
    static func caseRef(in twiml: String) -> String? {
        CaseReference.first(in: twiml, prefix: "TUC")?.description
    }

    @Test("a signed POST ends as one case row and one receipt, and the answer names the case")
    func oneCase() async throws {
        try await ChannelHarness.with(stages: [.adapters, .enrich, .writer]) { h in
            let sid = TestTwilio.messageSID()
            let r = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: "Streetlight out on 4th Ave", sid: sid))
            #expect(r.status == 200)
            let ref = try #require(Self.caseRef(in: r.body), "no case reference in \(r.body)")
            #expect(ref.hasPrefix("TUC-\(Calendar.current.component(.year, from: Date()))-"))

            let db = try await h.stack.ownerConnection()
            let cases = try await db.query("SELECT c.ref, c.channel, c.description, c.status FROM cases c JOIN contacts k ON k.case_ref = c.ref WHERE k.id = $1", ["sms:\(sid)"])
            #expect(cases.count == 1)
            #expect(cases[0, "ref"] == ref)
            #expect(cases[0, "description"] == "Streetlight out on 4th Ave")
            #expect(cases[0, "status"] == "open")
            await db.close()

            let receipts = try await h.probe.waitFor("the receipt") { m in m.contains { $0.topic.hasSuffix("/receipt/twilio-sms") } }
                .filter { $0.topic.hasSuffix("/receipt/twilio-sms") }
                .flatMap { (try? IntakeJSON.decode(ReceiptBatch.self, from: $0.payload).receipts) ?? [] }
                .filter { $0.contactID == "sms:\(sid)" }
            // One receipt says created; on a slow machine a republish may add an `already_stored` one.
            #expect(receipts.filter { $0.outcome == .created }.map(\.caseRef) == [ref])
            #expect(Set(receipts.map(\.caseRef)) == [ref])
            // The case event goes out through the outbox, a moment after the receipt.
            let events = try await h.probe.waitFor("the case event") { _ in
                !h.probe.messages(on: h.intake.settings.topics.caseEvent(ref: ref)).isEmpty
            }.filter { $0.topic == h.intake.settings.topics.caseEvent(ref: ref) }
            #expect(events.count == 1)
            #expect(try IntakeJSON.decode(CaseEvent.self, from: events[0].payload).kind == .created)
        }
    }

    @Test("the same POST twice ends as one case, and both answers name it")
    func samePostTwice() async throws {
        try await ChannelHarness.with(stages: [.adapters, .enrich, .writer]) { h in
            let params = TestTwilio.smsParameters(body: "Graffiti on the underpass", sid: TestTwilio.messageSID())
            let first = try await h.post("/twilio/sms", params)
            let second = try await h.post("/twilio/sms", params)
            #expect(first.status == 200 && second.status == 200)
            let ref = try #require(Self.caseRef(in: first.body))
            #expect(Self.caseRef(in: second.body) == ref)
            let sid = params.first { $0.0 == "MessageSid" }!.1
            try await h.stack.waitForValue("SELECT count(*) FROM contacts WHERE id = $1", ["sms:\(sid)"], equals: "1")
            try await h.stack.waitForValue("SELECT count(*) FROM cases", equals: "1")
        }
    }

    @Test("a bad signature gets 403 and nothing is published; a malformed body gets 400")
    func refusals() async throws {
        try await ChannelHarness.with(stages: [.adapters, .enrich, .writer]) { h in
            let forged = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: "forged"), signing: .wrongToken)
            #expect(forged.status == 403)
            let malformed = try await h.post("/twilio/sms", [], rawBody: "Body=%E2%8&From=x")
            #expect(malformed.status == 400)
            try await Task.sleep(for: .milliseconds(700))
            #expect(h.probe.messages(on: "\(h.intake.settings.topics.prefix)/contact/").isEmpty)
            #expect(h.probe.messages(on: "\(h.intake.settings.topics.prefix)/enriched/").isEmpty)
            try await h.stack.waitForValue("SELECT count(*) FROM contacts", equals: "0")
        }
    }

    @Test("when the case commits late, the answer says received and the reference follows as an SMS")
    func referenceFollows() async throws {
        try await ChannelHarness.with(stages: [.adapters, .enrich, .writer], settings: ["INTAKE_ACK_WAIT_MS": "0"]) { h in
            let r = try await h.post("/twilio/sms?lang=es", TestTwilio.smsParameters(body: "Fuga de agua en la banqueta", from: "+15205550177"))
            #expect(r.status == 200)
            #expect(r.body.contains("le llegará en un momento"))
            let sent = try await h.provider.waitFor { $0.contains { $0.path.hasSuffix("/Messages.json") } }
            let message = try #require(sent.first { $0.path == "/2010-04-01/Accounts/\(TestTwilio.accountSID)/Messages.json" })
            let form = try FormBody(parsing: Array(message.body.utf8))
            #expect(form["To"] == "+15205550177")
            #expect(form["From"] == "+15205550311")
            #expect(form["Body"]?.contains("su número de caso es TUC-") == true)
            #expect(message.headers["authorization"]?.hasPrefix("Basic ") == true)
            // One reference message, not one per receipt.
            try await Task.sleep(for: .seconds(2))
            #expect(h.provider.requests.filter { $0.path.hasSuffix("/Messages.json") }.count == 1)
        }
    }
}
