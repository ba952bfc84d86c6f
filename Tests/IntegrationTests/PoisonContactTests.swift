import Foundation
import IntakeCore
import IntakeTestSupport
import Testing

/// A contact PostgreSQL cannot store never blocks the others, is never lost, and is never
/// published forever: the writer quarantines it, answers it with a receipt and dead-letters it.
/// Adapters take NULs out before they answer the provider.
@Suite("Poison contacts")
struct PoisonContactTests {
    static func enriched(_ id: String, text: String, from: String = "+15205550142") -> EnrichedContact {
        EnrichedContact(contact: ContactEnvelope(id: id, channel: "sms", adapter: "twilio-sms", sender: Sender(kind: .phone, address: from),
                                                 language: "en", text: text),
                        dedup: DedupVerdict(verdict: .new))
    }

    static func receipts(_ probe: BusProbe) -> [ReceiptBatch.Receipt] {
        probe.messages(on: "311/v1/receipt/").compactMap { try? IntakeJSON.decode(ReceiptBatch.self, from: $0.payload) }.flatMap(\.receipts)
    }

    @Test("a contact the database refuses, among good ones: the good are stored once, it is quarantined, answered and dead-lettered, once")
    func refusedContactQuarantined() async throws {
        try await TestStack.with { stack in
            try await RunningIntake.with(stack, stages: [.writer], settings: ["INTAKE_WRITER_MAX_ATTEMPTS": "2"]) { _ in
                let watcher = try BusProbe(stack, role: "operator")
                try await watcher.start(subscribing: ["311/v1/deadletter/#", "311/v1/receipt/#"])
                let enrich = try BusProbe(stack, role: "intake-enrich")
                try await enrich.start()
                let tag = UUID().uuidString.prefix(8)
                // PostgreSQL refuses a NUL in text (see below), so this contact, every time.
                let bad = Self.enriched("sms:SMbad\(tag)", text: "Pothole\u{0} on Speedway")
                let good = (0..<6).map { Self.enriched("sms:SMgood\(tag)-\($0)", text: "Streetlight \($0) out on 4th Ave") }
                let all = Array(good[0..<3]) + [bad] + Array(good[3...])
                for e in all { try await enrich.client.publish(topic: "311/v1/enriched/sms", payload: IntakeJSON.encode(e)) }

                try await watcher.waitFor("the quarantined receipt") { _ in
                    Self.receipts(watcher).contains { $0.contactID == bad.contact.id && $0.outcome == .quarantined }
                }
                for g in good {
                    try await stack.waitForValue("SELECT count(*) FROM contacts WHERE id = $1", [g.contact.id], equals: "1")
                }
                try await stack.waitForValue("SELECT count(*) FROM cases", equals: "6")
                try await stack.waitForValue("SELECT count(*) FROM contacts WHERE id = $1", [bad.contact.id], equals: "0")
                try await stack.waitForValue("SELECT attempts FROM quarantine WHERE contact_id = $1", [bad.contact.id], equals: "2")
                let db = try await stack.ownerConnection()
                let row = try await db.query("SELECT adapter, channel, convert_from(envelope, 'UTF8') AS envelope, error FROM quarantine WHERE contact_id = $1",
                                             [bad.contact.id])
                #expect(row[0, "adapter"] == "twilio-sms")
                #expect(row[0, "channel"] == "sms")
                // The envelope as it came (with its \u0000), for an operator to repair and replay.
                let kept = row[0, "envelope"].flatMap { try? IntakeJSON.decode(EnrichedContact.self, from: Array($0.utf8)) }
                #expect(kept?.contact.id == bad.contact.id)
                #expect(kept?.contact.text == bad.contact.text)
                // The NUL ends the text in libpq's C strings and in the batch's array literals (22P02), or
                // jsonb refuses its \u0000 (22P05): either way a data exception, every time.
                #expect(row[0, "error"]?.hasPrefix("PostgreSQL 22P0") == true, "\(row[0, "error"] ?? "no error")")
                try await watcher.waitFor("the good contacts' receipts") { _ in
                    let r = Self.receipts(watcher)
                    return good.allSatisfy { g in r.contains { $0.contactID == g.contact.id && $0.outcome == .created } }
                }

                try await watcher.waitFor("its dead letter") { _ in !DeadLetterTests.letters(watcher, stage: "writer").isEmpty }
                let letters = DeadLetterTests.letters(watcher, stage: "writer")
                #expect(letters.count == 1)
                #expect(letters.first?.reason.contains("quarantined") == true)
                #expect(letters.first?.reason.contains("PostgreSQL 22P0") == true, "\(letters.first?.reason ?? "")")
                #expect(letters.first?.reason.contains("Pothole") == false, "the dead letter's reason quotes no row data")
                #expect(Data(base64Encoded: letters.first?.payloadBase64 ?? "").map([UInt8].init) == IntakeJSON.encode(bad))

                // Published again (an adapter that missed the receipt): answered at once, not tried again.
                let before = Self.receipts(watcher).filter { $0.contactID == bad.contact.id }.count
                let another = Self.enriched("sms:SMgood\(tag)-late", text: "Graffiti on the bridge")
                try await enrich.client.publish(topic: "311/v1/enriched/sms", payload: IntakeJSON.encode(bad))
                try await enrich.client.publish(topic: "311/v1/enriched/sms", payload: IntakeJSON.encode(another))
                try await watcher.waitFor("the repeated receipt") { _ in
                    Self.receipts(watcher).filter { $0.contactID == bad.contact.id }.count > before
                }
                try await stack.waitForValue("SELECT count(*) FROM contacts WHERE id = $1", [another.contact.id], equals: "1")
                try await Task.sleep(for: .milliseconds(300))
                #expect(try await db.query("SELECT attempts FROM quarantine WHERE contact_id = $1", [bad.contact.id])[0, "attempts"] == "2")
                #expect(DeadLetterTests.letters(watcher, stage: "writer").count == 1)
                await db.close()
                for p in [watcher, enrich] { await p.stop() }
            }
        }
    }

    @Test("a quarantined receipt ends the adapter's republishing, and the resident is sent no reference")
    func quarantinedReceiptStopsRepublishing() async throws {
        // No writer: the contact waits in the adapter's spool and is published again every 3 s
        // (RunningIntake's INTAKE_REDELIVERY_SECONDS) until a receipt comes.
        try await ChannelHarness.with(stages: [.adapters], settings: ["INTAKE_ACK_WAIT_MS": "100"]) { h in
            let sid = TestTwilio.messageSID()
            let r = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: "Water leak on Oracle Rd", sid: sid))
            #expect(r.status == 200)
            let id = "sms:\(sid)"
            func published() throws -> Int { try h.contacts(channel: "sms").filter { $0.id == id }.count }
            try await h.probe.waitFor(timeout: .seconds(15), "a republish") { _ in ((try? published()) ?? 0) >= 2 }

            let writer = try BusProbe(h.stack, role: "intake-writer")
            try await writer.start()
            let receipt = ReceiptBatch(committedAt: Date(), receipts: [.init(contactID: id, caseRef: "", outcome: .quarantined)])
            try await writer.client.publish(topic: "311/v1/receipt/twilio-sms", payload: IntakeJSON.encode(receipt))
            try await Task.sleep(for: .seconds(1))
            let after = try published()
            // Two redelivery intervals and more: not published again.
            try await Task.sleep(for: .seconds(8))
            #expect(try published() == after)
            #expect(!h.provider.requests.contains { $0.body.contains("case") }, "no reference was sent")
            await writer.stop()
        }
    }

    @Test("an SMS with a NUL in its body is answered 200 and stored without it, saying it was cleaned; one that is not UTF-8 is 400")
    func nulCleanedAtTheAdapter() async throws {
        try await ChannelHarness.with(stages: [.adapters, .enrich, .writer]) { h in
            let sid = TestTwilio.messageSID()
            let r = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: "Broken\u{0} hydrant on Grant Rd", sid: sid))
            #expect(r.status == 200)
            try await h.stack.waitForValue("SELECT text FROM contacts WHERE id = $1", ["sms:\(sid)"], equals: "Broken hydrant on Grant Rd")
            try await h.stack.waitForValue("SELECT envelope->'channel_data'->>'intake_cleaned' FROM contacts WHERE id = $1",
                                           ["sms:\(sid)"], equals: #"["text"]"#)

            let url = "\(h.intake.baseURL)/twilio/sms"
            let raw = "AccountSid=\(TestTwilio.accountSID)&Body=%FF%FEhydrant&From=%2B15205550123&MessageSid=\(TestTwilio.messageSID())&To=%2B15205550311"
            let refused = try await TestTwilio.post(url, parameters: [], signature: "c2lnbmVk", rawBody: raw)
            #expect(refused.status == 400)
        }
    }
}
