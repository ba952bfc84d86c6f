import Foundation
import IntakeCore
import IntakeTestSupport
import Testing

@Suite("Contact revisions")
struct RevisionTests {
    @Test("a later revision of a stored contact replaces it in place: one row, one case, receipts for each")
    func amend() async throws {
        try await TestStack.with { stack in
            try await RunningIntake.with(stack, stages: [.enrich, .writer]) { intake in
                let adapter = try BusProbe(stack, role: "intake-adapters")
                try await adapter.start(subscribing: ["311/v1/receipt/test-adapter"])
                var contact = ContactEnvelope(id: "voice:CA\(UUID().uuidString.prefix(8))", channel: "voice", adapter: "test-adapter",
                                              sender: Sender(kind: .phone, address: "+15205550100"), language: "en",
                                              text: "Water leak at 5th and Main")
                try await adapter.client.publish(topic: "311/v1/contact/voice", payload: IntakeJSON.encode(contact))
                try await stack.waitForValue("SELECT revision FROM contacts WHERE id = $1", [contact.id], equals: "1")
                contact.revision = 2
                contact.text += " — voicemail: it is flooding the sidewalk"
                contact.attachments = [Attachment(sha256: String(repeating: "c", count: 64), mediaType: "audio/wav", bytes: 48_000)]
                try await adapter.client.publish(topic: "311/v1/contact/voice", payload: IntakeJSON.encode(contact))
                try await stack.waitForValue("SELECT revision FROM contacts WHERE id = $1", [contact.id], equals: "2")
                // An old revision arriving late changes nothing.
                var stale = contact
                stale.revision = 1
                try await adapter.client.publish(topic: "311/v1/contact/voice", payload: IntakeJSON.encode(stale))

                let receipts = try await adapter.waitFor("three receipts") { m in
                    m.flatMap { (try? IntakeJSON.decode(ReceiptBatch.self, from: $0.payload).receipts) ?? [] }.count >= 3
                }.flatMap { try IntakeJSON.decode(ReceiptBatch.self, from: $0.payload).receipts }
                #expect(receipts.map(\.outcome) == [.created, .updated, .alreadyStored])
                #expect(receipts.map(\.revision) == [1, 2, 2])
                #expect(Set(receipts.map(\.caseRef)).count == 1)

                let db = try await stack.ownerConnection()
                let row = try await db.query("SELECT text, revision, envelope->'attachments'->0->>'media_type' AS media FROM contacts WHERE id = $1", [contact.id])
                #expect(row[0, "text"] == contact.text)
                #expect(row[0, "media"] == "audio/wav")
                #expect(try await db.query("SELECT count(*) FROM cases")[0, "count"] == "1")
                await db.close()
                await adapter.stop()
                _ = intake
            }
        }
    }
}
