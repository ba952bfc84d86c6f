import Foundation
import IntakeCore
import IntakeTestSupport
import Testing

/// The enrich stage checks every contact against `intake.contact-1.schema.json`: one that fails
/// goes to `deadletter/enrich` with its JSON path and reason, and never becomes a case.
@Suite("Schema dead letters")
struct SchemaDeadLetterTests {
    static func contact(id: String, sender: String, extra: String = "", receivedAt: String = RFC3339.string(from: Date())) -> [UInt8] {
        Array("""
            {"schema":"intake.contact/1","id":"\(id)","channel":"web","adapter":"python-web","received_at":"\(receivedAt)",
             "sender":\(sender),"language":"en","text":"Streetlight out on 4th Ave","attachments":[],"channel_data":{}\(extra)}
            """.utf8)
    }

    @Test("invalid contacts on the bus are dead-lettered with path and reason, and make no case; a valid one still does")
    func invalidContactsDeadLettered() async throws {
        try await TestStack.with { stack in
            try await RunningIntake.with(stack, stages: [.enrich, .writer]) { _ in
                let watcher = try BusProbe(stack, role: "operator")
                try await watcher.start(subscribing: ["311/v1/deadletter/#", "311/v1/enriched/#"])
                let adapter = try BusProbe(stack, role: "intake-adapters")
                try await adapter.start()
                let tag = UUID().uuidString.prefix(8)
                // The first is refused by the enum; the other two the envelope reader alone would take.
                let invalid: [(id: String, payload: [UInt8], path: String, reason: String)] = [
                    ("web:pager-\(tag)", Self.contact(id: "web:pager-\(tag)", sender: #"{"kind":"pager","address":"555"}"#),
                     "/sender/kind", #""pager" is not one of phone, email, handle, postal, anonymous"#),
                    ("web:phone-\(tag)", Self.contact(id: "web:phone-\(tag)", sender: #"{"kind":"phone","address":"520-555-0100"}"#),
                     "/sender/address", #"does not match the pattern ^(\+[1-9][0-9]{6,14}|[a-z]+:\+?[0-9]{6,15})$"#),
                    ("web:extra-\(tag)", Self.contact(id: "web:extra-\(tag)", sender: #"{"kind":"anonymous"}"#, extra: #","priority":"high""#),
                     "/priority", #"property "priority" is not allowed"#),
                ]
                for c in invalid { try await adapter.client.publish(topic: "311/v1/contact/web", payload: c.payload) }
                let valid = "web:valid-\(tag)"
                try await adapter.client.publish(topic: "311/v1/contact/web", payload: Self.contact(id: valid, sender: #"{"kind":"anonymous"}"#))

                try await watcher.waitFor("three dead letters") { _ in DeadLetterTests.letters(watcher, stage: "enrich").count >= 3 }
                let letters = DeadLetterTests.letters(watcher, stage: "enrich")
                for c in invalid {
                    let letter = try #require(letters.first { Data(base64Encoded: $0.payloadBase64).map([UInt8].init) == c.payload },
                                              "no dead letter for \(c.id)")
                    #expect(letter.path == c.path)
                    #expect(letter.reason == c.reason)
                    #expect(letter.sourceTopic == "311/v1/contact/web")
                }
                try await stack.waitForValue("SELECT count(*) FROM contacts WHERE id = $1", [valid], equals: "1")
                try await stack.waitForValue("SELECT count(*) FROM cases", equals: "1")
                try await stack.waitForValue("SELECT count(*) FROM contacts WHERE id <> $1", [valid], equals: "0")
                let enrichedIDs = watcher.messages(on: "311/v1/enriched/").compactMap { try? IntakeJSON.decode(EnrichedContact.self, from: $0.payload).contact.id }
                #expect(enrichedIDs == [valid], "only the valid contact reaches the writer")
                for p in [watcher, adapter] { await p.stop() }
            }
        }
    }

    @Test("contacts dated before 2000 or more than a day ahead are dead-lettered at /received_at and never make a case")
    func datesOutsideTheWindow() async throws {
        try await TestStack.with { stack in
            try await RunningIntake.with(stack, stages: [.enrich, .writer]) { _ in
                let watcher = try BusProbe(stack, role: "operator")
                try await watcher.start(subscribing: ["311/v1/deadletter/#"])
                let adapter = try BusProbe(stack, role: "intake-adapters")
                try await adapter.start()
                let tag = UUID().uuidString.prefix(8)
                let dates = ["9999-06-01T00:00:00.000Z", "1999-12-31T23:59:59.000Z", RFC3339.string(from: Date().addingTimeInterval(2 * 86_400))]
                for (n, d) in dates.enumerated() {
                    try await adapter.client.publish(topic: "311/v1/contact/web",
                                                     payload: Self.contact(id: "web:date\(n)-\(tag)", sender: #"{"kind":"anonymous"}"#, receivedAt: d))
                }
                let valid = "web:today-\(tag)"
                try await adapter.client.publish(topic: "311/v1/contact/web", payload: Self.contact(id: valid, sender: #"{"kind":"anonymous"}"#))
                try await watcher.waitFor("three dead letters") { _ in DeadLetterTests.letters(watcher, stage: "enrich").count >= 3 }
                let letters = DeadLetterTests.letters(watcher, stage: "enrich")
                #expect(letters.count == 3)
                #expect(letters.allSatisfy { $0.path == "/received_at" })
                #expect(letters.contains { $0.reason.contains("more than a day ahead") })
                #expect(letters.contains { $0.reason.contains("before 2000-01-01") })
                try await stack.waitForValue("SELECT count(*) FROM contacts WHERE id = $1", [valid], equals: "1")
                try await stack.waitForValue("SELECT count(*) FROM cases", equals: "1")
                try await stack.waitForValue("SELECT count(*) FROM cases WHERE ref LIKE '%-9999-%' OR ref LIKE '%-1999-%'", equals: "0")
                for p in [watcher, adapter] { await p.stop() }
            }
        }
    }
}
