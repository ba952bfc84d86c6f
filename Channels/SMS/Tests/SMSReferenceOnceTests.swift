import Foundation
import IntakeCore
import IntakeTestSupport
import SMSChannel
import Testing
import TwilioSupport

/// A resident is told their case number once: when the webhook's answer (TwiML) gave it, no
/// "your case number is…" SMS follows, however often the receipt for the contact arrives.
/// The test stands in for the case writer: it publishes the receipts itself, as the writer's user.
@Suite("SMS case number told once")
struct SMSReferenceOnceTests {
    static let ref = "TUC-2026-000777"

    static func receipts(_ list: [ReceiptBatch.Receipt]) -> [UInt8] {
        IntakeJSON.encode(ReceiptBatch(committedAt: Date(), receipts: list))
    }

    @Test("a contact published twice and receipted twice in one batch: the answer has the number, no SMS repeats it")
    func receiptTwiceInOneBatch() async throws {
        try await ChannelHarness.with(stages: [.adapters], settings: ["INTAKE_ACK_WAIT_MS": "8000"]) { h in
            let topics = h.intake.settings.topics
            let writer = try BusProbe(h.stack, role: "intake-writer")
            try await writer.start()
            defer { Task { await writer.stop() } }

            let sid = TestTwilio.messageSID()
            let id = "sms:\(sid)"
            async let answer = h.post("/twilio/sms", TestTwilio.smsParameters(body: "Pothole on 5th Ave and 22nd St", sid: sid))
            try await h.probe.waitFor(timeout: .seconds(10), "the contact") { m in
                m.contains { $0.topic == topics.contact(channel: "sms") }
            }
            // A writer batch that held both copies of the contact: stored once, receipted twice.
            let created = ReceiptBatch.Receipt(contactID: id, caseRef: Self.ref, outcome: .created)
            let again = ReceiptBatch.Receipt(contactID: id, caseRef: Self.ref, outcome: .alreadyStored)
            try writer.client.send(topic: topics.receipt(adapter: SMSContact.adapter), payload: Self.receipts([created, again]), qos: 1)
            let r = try await answer
            #expect(r.status == 200)
            #expect(r.body.contains(Self.ref))

            // A later copy stored again (a republish that crossed the receipt) owes nothing either.
            try writer.client.send(topic: topics.receipt(adapter: SMSContact.adapter), payload: Self.receipts([again]), qos: 1)
            try await Task.sleep(for: .seconds(2))
            #expect(h.probe.messages(on: topics.reply(channel: "sms")).isEmpty)
            #expect(SMSReplyTests.sent(h.provider).isEmpty)
        }
    }

    @Test("a receipt after the answer went out without the number: the number follows once by SMS")
    func receiptAfterTheAnswer() async throws {
        try await ChannelHarness.with(stages: [.adapters], settings: ["INTAKE_ACK_WAIT_MS": "200"]) { h in
            let topics = h.intake.settings.topics
            let writer = try BusProbe(h.stack, role: "intake-writer")
            try await writer.start()
            defer { Task { await writer.stop() } }

            let sid = TestTwilio.messageSID()
            let id = "sms:\(sid)"
            let r = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: "Streetlight out on Grant Rd", sid: sid))
            #expect(r.status == 200)
            #expect(!r.body.contains(Self.ref))
            let created = ReceiptBatch.Receipt(contactID: id, caseRef: Self.ref, outcome: .created)
            let again = ReceiptBatch.Receipt(contactID: id, caseRef: Self.ref, outcome: .alreadyStored)
            try writer.client.send(topic: topics.receipt(adapter: SMSContact.adapter), payload: Self.receipts([created, again]), qos: 1)
            try writer.client.send(topic: topics.receipt(adapter: SMSContact.adapter), payload: Self.receipts([again]), qos: 1)
            _ = try await h.provider.waitFor { _ in !SMSReplyTests.sent(h.provider).isEmpty }
            try await Task.sleep(for: .seconds(1))
            let sent = SMSReplyTests.sent(h.provider)
            #expect(sent.count == 1)
            #expect(sent.first?.contains(Self.ref) == true)
        }
    }

    @Test("with a second adapter instance on the shared reply topic, the number owed is sent by the instance that holds the contact")
    func numberOwedStaysWithItsInstance() async throws {
        try await ChannelHarness.with(stages: [.adapters], settings: ["INTAKE_ACK_WAIT_MS": "200"]) { h in
            let topics = h.intake.settings.topics
            let writer = try BusProbe(h.stack, role: "intake-writer")
            try await writer.start()
            // A peer instance of the adapters, as far as the broker can tell: a member of the shared
            // reply group. Whatever reaches it is never sent, and its dedup log never sees it.
            let peer = try BusProbe(h.stack, role: "intake-adapters")
            try await peer.start(subscribing: [TopicTree.shared(group: "sms-replies", topics.reply(channel: "sms"))])
            defer { Task { await writer.stop(); await peer.stop() } }

            let refs = (0..<6).map { "TUC-2026-00079\($0)" }
            for ref in refs {
                let sid = TestTwilio.messageSID()
                let r = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: "Graffiti on the wall at Reid Park", sid: sid))
                #expect(r.status == 200)
                #expect(!r.body.contains(ref))
                let created = ReceiptBatch.Receipt(contactID: "sms:\(sid)", caseRef: ref, outcome: .created)
                try writer.client.send(topic: topics.receipt(adapter: SMSContact.adapter), payload: Self.receipts([created]), qos: 1)
            }
            _ = try await h.provider.waitFor { _ in SMSReplyTests.sent(h.provider).count >= refs.count }
            try await Task.sleep(for: .seconds(1))
            let sent = SMSReplyTests.sent(h.provider)
            #expect(sent.count == refs.count)
            for ref in refs { #expect(sent.filter { $0.contains(ref) }.count == 1, "\(ref)") }
            #expect(peer.messages.isEmpty)
            #expect(h.probe.messages(on: topics.reply(channel: "sms", instance: h.intake.settings.instance)).count == refs.count)
        }
    }
}
