import Foundation
import IntakeCore
import IntakeTestSupport
import Testing
import TwilioSupport

/// Locating, triaging and merging, through the real broker and database.
@Suite("Enrich")
struct EnrichTests {
    static func ref(_ twiml: String) -> String? { CaseReference.first(in: twiml, prefix: "TUC")?.description }

    @Test("a confident match is linked to the open case (the resident is told so), the same problem in Spanish too; an unsure one is a new case flagged possible_duplicate_of")
    func duplicateMerge() async throws {
        try await ChannelHarness.with(stages: [.adapters, .enrich, .writer], settings: try Paths.geoSettings()) { h in
            let first = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: "There is a deep pothole at Stone and Congress", from: "+15205550101"))
            let ref = try #require(Self.ref(first.body))
            let second = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: "Big pothole on the corner of Stone & Congress", from: "+15205550102"))
            #expect(Self.ref(second.body) == ref)
            #expect(second.body.contains("added to case \(ref)"))
            // The same kind at the same point in another language: its words cannot be compared, the place decides.
            let spanish = try await h.post("/twilio/sms?lang=es", TestTwilio.smsParameters(body: "Hay un bache enorme en la esquina de Stone y Congress", from: "+15205550103"))
            #expect(Self.ref(spanish.body) == ref)
            #expect(spanish.body.contains("Lo agregamos al caso \(ref)"), "\(spanish.body)")
            // Same kind, same point, but words that share nothing with the case: a new case, flagged.
            let third = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: "the asphalt is crumbling along the curb at Stone and Congress", from: "+15205550104"))
            let unsure = try #require(Self.ref(third.body))
            #expect(unsure != ref)
            #expect(third.body.contains("Your case number is \(unsure)"), "\(third.body)")

            let db = try await h.stack.ownerConnection()
            let row = try await db.query("SELECT contact_count, category, jurisdiction, ward, neighborhood, routed_to, lat FROM cases WHERE ref = $1", [ref])
            #expect(row[0, "contact_count"] == "3")
            #expect(row[0, "category"] == "pothole")
            #expect(row[0, "jurisdiction"] == "City of Tucson")
            #expect(row[0, "routed_to"] == "Department of Transportation and Mobility")
            #expect(row[0, "lat"] != nil)
            #expect(try await db.query("SELECT possible_duplicate_of FROM cases WHERE ref = $1", [unsure])[0, "possible_duplicate_of"] == ref)
            #expect(try await db.query("SELECT count(*) FROM cases")[0, "count"] == "2")
            await db.close()
        }
    }

    @Test("an emergency escalates to 911 at once and flags the case; the escalation is not repeated for a retry")
    func emergency() async throws {
        try await ChannelHarness.with(stages: [.adapters, .enrich, .writer], settings: try Paths.geoSettings()) { h in
            let params = TestTwilio.smsParameters(body: "Gas leak and a fire at 100 N Stone Ave, people inside", from: "+15205550177")
            let r = try await h.post("/twilio/sms", params)
            #expect(r.body.contains("call 911 now"), "never only the ordinary thank-you")
            let ref = try #require(Self.ref(r.body))
            _ = try await h.post("/twilio/sms", params)
            let messages = try await h.probe.waitFor("the escalation") { m in m.contains { $0.topic == "311/v1/escalation" } }
            try await Task.sleep(for: .milliseconds(500))
            let escalations = h.probe.messages.filter { $0.topic == "311/v1/escalation" }
            #expect(escalations.count == 1)
            let e = try IntakeJSON.decode(Escalation.self, from: try #require(escalations.first).payload)
            #expect(e.callback == "+15205550177")
            #expect(e.channel == "sms")
            #expect(e.location?.lat != nil)
            #expect(e.reason.contains("fire") || e.reason.contains("gas leak"))
            // The escalation went out before the contact was passed on to the writer.
            let escIndex = messages.firstIndex { $0.topic == "311/v1/escalation" }!
            let enrichedIndex = messages.firstIndex { $0.topic.hasPrefix("311/v1/enriched/") }!
            #expect(escIndex < enrichedIndex)
            let db = try await h.stack.ownerConnection()
            let row = try await db.query("SELECT emergency, priority FROM cases WHERE ref = $1", [ref])
            #expect(row[0, "emergency"] == "t")
            #expect(row[0, "priority"] == "emergency")
            await db.close()
        }
    }

    @Test("a possible emergency goes to 911 for review; the resident's SMS answer tells them to call 911, and it is not said twice")
    func possibleEmergency() async throws {
        try await ChannelHarness.with(stages: [.adapters, .enrich, .writer], settings: try Paths.geoSettings()) { h in
            let r = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: "A man threatened me at the bus stop at Stone and Congress",
                                                                              from: "+15205550178"))
            #expect(r.body.contains("call 911 now"))
            let ref = try #require(Self.ref(r.body), "the emergency reply names the record")
            _ = try await h.probe.waitFor("the escalation") { m in m.contains { $0.topic == "311/v1/escalation" } }
            let e = try IntakeJSON.decode(Escalation.self, from: try #require(h.probe.messages.first { $0.topic == "311/v1/escalation" }).payload)
            #expect(e.tier == .possible)
            #expect(e.review)
            #expect(e.reason.hasPrefix("possible emergency words"))
            try await Task.sleep(for: .milliseconds(300))
            // The SMS answer already gave the advice: the enrich stage does not send it again.
            #expect(!h.probe.messages.contains { $0.topic == "311/v1/reply/sms" && String(decoding: $0.payload, as: UTF8.self).contains("advice:") })
            let db = try await h.stack.ownerConnection()
            let row = try await db.query("SELECT emergency, emergency_tier, priority FROM cases WHERE ref = $1", [ref])
            #expect(row[0, "emergency"] == "f")
            #expect(row[0, "emergency_tier"] == "possible")
            #expect(row[0, "priority"] == "high")
            await db.close()
        }
    }

    @Test("words no category understands leave the case for review, not silently filed as other")
    func needsReview() async throws {
        try await ChannelHarness.with(stages: [.adapters, .enrich, .writer]) { h in
            let r = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: "The bench at the bus stop on Grant is wobbly"))
            #expect(!r.body.contains("911 now"))
            let ref = try #require(Self.ref(r.body))
            let close = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: "graffiti on the streetlight pole", from: "+15205550179"))
            let closeRef = try #require(Self.ref(close.body))
            let db = try await h.stack.ownerConnection()
            let row = try await db.query("SELECT needs_review, category, triage_candidates FROM cases WHERE ref = $1", [ref])
            #expect(row[0, "needs_review"] == "t")
            #expect(row[0, "category"] == "other")
            #expect(row[0, "triage_candidates"] == nil)
            let both = try await db.query("SELECT needs_review, jsonb_array_length(triage_candidates) AS n FROM cases WHERE ref = $1", [closeRef])
            #expect(both[0, "needs_review"] == "t")
            #expect(both[0, "n"] == "2")
            await db.close()
        }
    }

    @Test("a place the text contradicts is not guessed: the case has no point, the enriched contact keeps the candidate")
    func contradictedPlace() async throws {
        try await ChannelHarness.with(stages: [.adapters, .enrich, .writer], settings: try Paths.geoSettings()) { h in
            // The gazetteer has E 5th St only.
            let r = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: "Deep pothole at 220 W 5th St", from: "+15205550144"))
            let ref = try #require(Self.ref(r.body))
            let messages = try await h.probe.waitFor("the enriched contact") { m in m.contains { $0.topic.hasPrefix("311/v1/enriched/") } }
            let enriched = try IntakeJSON.decode(EnrichedContact.self, from: try #require(messages.first { $0.topic.hasPrefix("311/v1/enriched/") }).payload)
            let geo = try #require(enriched.geo)
            #expect(geo.method == .unmatched)
            #expect(geo.lat == nil)
            let candidate = try #require(geo.candidate)
            #expect(candidate.text.contains("E 5th St"))
            #expect(candidate.confidence < 0.5)
            let db = try await h.stack.ownerConnection()
            let row = try await db.query("SELECT lat, geo_method, category FROM cases WHERE ref = $1", [ref])
            #expect(row[0, "lat"] == nil)
            #expect(row[0, "geo_method"] == "unmatched")
            #expect(row[0, "category"] == "pothole")
            await db.close()
        }
    }

    @Test("a social-service need is referred to Community Safety, Health & Wellness")
    func referral() async throws {
        try await ChannelHarness.with(stages: [.adapters, .enrich, .writer]) { h in
            let r = try await h.post("/twilio/sms?lang=es", TestTwilio.smsParameters(body: "Estoy sin hogar y necesito un albergue para esta noche"))
            let ref = try #require(Self.ref(r.body))
            let db = try await h.stack.ownerConnection()
            let row = try await db.query("SELECT referral, priority FROM cases WHERE ref = $1", [ref])
            #expect(row[0, "referral"] == "Community Safety, Health & Wellness")
            #expect(row[0, "priority"] == "high")
            await db.close()
        }
    }

    @Test("two reports of one problem within 100 ms on two channels, through two enrich instances and two writers, end as one case")
    func simultaneous() async throws {
        try await TestStack.with { stack in
            let geo = try Paths.geoSettings()
            try await RunningIntake.with(stack, stages: [.enrich], settings: geo) { _ in
                try await RunningIntake.with(stack, stages: [.enrich], settings: geo) { _ in
                    try await RunningIntake.with(stack, stages: [.writer]) { _ in
                        try await RunningIntake.with(stack, stages: [.writer]) { _ in
                            try await RunningIntake.with(stack, stages: [.adapters], settings: ["INTAKE_ACK_WAIT_MS": "5000"]) { sms in
                                let app = try BusProbe(stack, role: "intake-adapters")
                                try await app.start()
                                let appContact = ContactEnvelope(
                                    id: "app:\(UUID().uuidString)", channel: "app", adapter: "tucson-app",
                                    sender: Sender(kind: .handle, address: "resident-4411"), language: "en",
                                    text: "Streetlight out at 5th St and 4th Ave, completely dark")
                                async let webhook = TestTwilio.post("\(sms.baseURL)/twilio/sms",
                                    parameters: TestTwilio.smsParameters(body: "The streetlight is out at the corner of 5th St & 4th Ave"))
                                try await Task.sleep(for: .milliseconds(20))
                                try await app.client.publish(topic: "311/v1/contact/app", payload: IntakeJSON.encode(appContact))
                                let r = try await webhook
                                #expect(r.status == 200)
                                try await stack.waitForValue("SELECT count(*) FROM contacts", equals: "2")
                                try await stack.waitForValue("SELECT count(*) FROM cases", equals: "1")
                                try await stack.waitForValue("SELECT contact_count FROM cases", equals: "2")
                                await app.stop()
                            }
                        }
                    }
                }
            }
        }
    }

    @Test("an emergency waits for the broker to have its escalation, and its own next revision follows it in order")
    func orderAfterEscalation() async throws {
        try await TestStack.with { stack in
            try await RunningIntake.with(stack, stages: [.enrich], settings: try Paths.geoSettings()) { _ in
                let watcher = try BusProbe(stack, role: "operator")
                try await watcher.start(subscribing: ["311/v1/enriched/#", "311/v1/escalation"])
                let adapter = try BusProbe(stack, role: "intake-adapters")
                try await adapter.start()
                defer { Task { await watcher.stop(); await adapter.stop() } }
                func contact(_ id: String, _ text: String, revision: Int = 1) -> ContactEnvelope {
                    var c = ContactEnvelope(id: id, channel: "sms", adapter: "twilio-sms", sender: Sender(kind: .phone, address: "+15205550100"),
                                            language: "en", text: text)
                    c.revision = revision
                    return c
                }
                let tag = UUID().uuidString.prefix(6)
                let sent = [
                    contact("sms:SMfire\(tag)", "Gas leak and a fire at 100 N Stone Ave, people inside"),
                    contact("sms:SMfire\(tag)", "Gas leak and a fire at 100 N Stone Ave, people inside, the back door", revision: 2),
                    contact("sms:SMa\(tag)", "Graffiti on the bridge at Stone and Congress"),
                    contact("sms:SMb\(tag)", "Streetlight out at 300 N Stone Ave"),
                ]
                // Sent back to back, without waiting for one another's PUBACK.
                for c in sent { try adapter.client.send(topic: "311/v1/contact/sms", payload: IntakeJSON.encode(c), qos: 1) }
                let messages = try await watcher.waitFor("four enriched contacts") { m in
                    m.filter { $0.topic.hasPrefix("311/v1/enriched/") }.count == 4
                }
                let enriched = try messages.filter { $0.topic.hasPrefix("311/v1/enriched/") }
                    .map { try IntakeJSON.decode(EnrichedContact.self, from: $0.payload).contact }
                #expect(Set(enriched.map(\.id)) == Set(sent.map(\.id)))
                // The emergency's two revisions in the order they came, the first after its escalation.
                #expect(enriched.filter { $0.id == sent[0].id }.map(\.revision) == [1, 2])
                let escalation = try #require(messages.firstIndex { $0.topic == "311/v1/escalation" })
                let fireEnriched = try #require(try messages.firstIndex { m in
                    try m.topic.hasPrefix("311/v1/enriched/") && IntakeJSON.decode(EnrichedContact.self, from: m.payload).contact.id == sent[0].id
                })
                #expect(escalation < fireEnriched)
            }
        }
    }
}
