import Foundation
import IntakeCore
import IntakeTestSupport
import Testing

/// What a stage cannot process goes to `deadletter/{stage}` with its reason and the bytes as
/// they came; the stage goes on with the next message.
@Suite("Dead letters")
struct DeadLetterTests {
    static func letters(_ probe: BusProbe, stage: String) -> [DeadLetter] {
        probe.messages(on: "311/v1/deadletter/\(stage)").compactMap { try? IntakeJSON.decode(DeadLetter.self, from: $0.payload) }
    }

    @Test("a contact that is not an envelope, and an enriched contact that is not one, are dead-lettered with the reason")
    func malformed() async throws {
        try await TestStack.with { stack in
            try await RunningIntake.with(stack, stages: [.enrich, .writer]) { _ in
                let watcher = try BusProbe(stack, role: "operator")
                try await watcher.start(subscribing: ["311/v1/deadletter/#", "311/v1/enriched/#"])
                let adapter = try BusProbe(stack, role: "intake-adapters")
                try await adapter.start()
                let garbage: [UInt8] = Array("{\"schema\":\"intake.contact/1\",\"id\":42}".utf8) + [0xFF]
                try await adapter.client.publish(topic: "311/v1/contact/sms", payload: garbage)
                let enrich = try BusProbe(stack, role: "intake-enrich")
                try await enrich.start()
                try await enrich.client.publish(topic: "311/v1/enriched/sms", payload: Array("{\"schema\":\"intake.enriched/1\"}".utf8))
                // A good contact after the bad ones still goes through.
                let good = ContactEnvelope(id: "sms:SMgood\(UUID().uuidString.prefix(6))", channel: "sms", adapter: "twilio-sms",
                                           sender: Sender(kind: .phone, address: "+15205550100"), language: "en", text: "Graffiti on the bridge")
                try await adapter.client.publish(topic: "311/v1/contact/sms", payload: IntakeJSON.encode(good))
                try await watcher.waitFor("both dead letters") { _ in
                    !Self.letters(watcher, stage: "enrich").isEmpty && !Self.letters(watcher, stage: "writer").isEmpty
                }
                let fromEnrich = try #require(Self.letters(watcher, stage: "enrich").first)
                #expect(fromEnrich.reason.contains("not an intake.contact/1 envelope"))
                #expect(fromEnrich.sourceTopic == "311/v1/contact/sms")
                #expect(Data(base64Encoded: fromEnrich.payloadBase64).map([UInt8].init) == garbage)
                let fromWriter = try #require(Self.letters(watcher, stage: "writer").first)
                #expect(fromWriter.reason.contains("dedup is missing") || fromWriter.reason.contains("missing"))
                try await stack.waitForValue("SELECT count(*) FROM contacts WHERE id = $1", [good.id], equals: "1")
                for p in [watcher, adapter, enrich] { await p.stop() }
            }
        }
    }

    @Test("a reply the provider refuses is dead-lettered by the adapter")
    func undeliverableReply() async throws {
        // A refused connection is a transient failure, retried; one try here (the HTTP client itself
        // keeps reconnecting until its 15-second deadline), then dead-lettered.
        try await ChannelHarness.with(settings: ["INTAKE_TWILIO_API_URL": "http://127.0.0.1:9", "INTAKE_REPLY_ATTEMPTS": "1"]) { h in
            let writer = try BusProbe(h.stack, role: "intake-writer")
            try await writer.start()
            let reply = ReplyMessage(id: "reply-\(UUID().uuidString)", channel: "sms", to: Sender(kind: .phone, address: "+15205550100"),
                                     from: "+15205550311", language: "en", text: "Your case number is TUC-2026-000001.",
                                     caseRef: "TUC-2026-000001", contactID: nil)
            try await writer.client.publish(topic: "311/v1/reply/sms", payload: IntakeJSON.encode(reply))
            try await h.probe.waitFor("the adapter's dead letter") { _ in !Self.letters(h.probe, stage: "adapters").isEmpty }
            #expect(Self.letters(h.probe, stage: "adapters").first?.reason.contains("reply not sent after 1 try") == true)
            await writer.stop()
        }
    }
}
