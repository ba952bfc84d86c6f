import AsyncHTTPClient
import Foundation
import IntakeCore
import IntakeTestSupport
import Testing
import TwilioSupport
@testable import intake

/// Surges through the real broker and database: counted by the enrich stage, alerted once, filed
/// on one case by the writer, and told to the residents who report into them.
@Suite("Surges")
struct SurgeTests {
    static func ref(_ twiml: String) -> String? { CaseReference.first(in: twiml, prefix: "TUC")?.description }

    /// Three water reports in an hour in one area make a surge (a low threshold, so that the test is short).
    static func settings() throws -> [String: String] {
        let dir = try Paths.temporaryDirectory("surges")
        let path = "\(dir)/surges.yaml"
        try "defaults: {threshold: 3, window_minutes: 60}\ngrid_m: 500\n".write(toFile: path, atomically: true, encoding: .utf8)
        var s = try Paths.geoSettings()
        s["INTAKE_SURGE_RULES"] = path
        s["INTAKE_ACK_WAIT_MS"] = "5000"
        return s
    }

    /// A counter's value in `/metrics`, 0 when it has not been counted yet.
    static func metric(_ h: ChannelHarness, _ series: String) async throws -> Double {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "\(h.intake.baseURL)/metrics"), timeout: .seconds(5))
        let text = String(buffer: try await response.body.collect(upTo: 1 << 22))
        let line = text.split(separator: "\n").first { $0.hasPrefix(series + " ") }
        return line.flatMap { Double($0.dropFirst(series.count + 1)) } ?? 0
    }

    static func alerts(_ h: ChannelHarness) throws -> [SurgeAlert] {
        try h.probe.messages.filter { $0.topic == "311/v1/alert/surge" }.map { try IntakeJSON.decode(SurgeAlert.self, from: $0.payload) }
    }

    /// Every request body the stand-in Twilio got for outbound SMS, form-decoded.
    static func smsSent(_ h: ChannelHarness) -> [String] {
        h.provider.requests.filter { $0.path.hasSuffix("/Messages.json") }
            .map { $0.body.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? $0.body }
    }

    @Test("water reports spread over five neighbourhoods raise no surge; a burst in one neighbourhood raises exactly one, and later reports join its case and are told the city already knows")
    func burstAndSpread() async throws {
        try await ChannelHarness.with(stages: [.adapters, .enrich, .writer], settings: try Self.settings()) { h in
            // Five water reports, five neighbourhoods: Feldman's, Blenman-Elm, Rincon Heights, Dunbar Spring, Barrio Viejo.
            let spread = [
                "Water leak at 100 E Speedway Blvd, it has been running all morning",
                "There's a broken pipe at 2400 E Speedway Blvd with water gushing onto the sidewalk",
                "water main leaking at 400 N Campbell Ave",
                "Leaking hydrant at 700 N Stone Ave",
                "burst pipe, water everywhere at 600 S Stone Ave",
            ]
            var spreadRefs: [String] = []
            for (i, text) in spread.enumerated() {
                let r = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: text, from: "+1520555020\(i)"))
                spreadRefs.append(try #require(Self.ref(r.body), "\(r.body)"))
            }
            #expect(Set(spreadRefs).count == 5)
            // One per contact (a republished contact is enriched again as an exact duplicate).
            var spreadEnriched: [EnrichedContact] = []
            for m in h.probe.messages where m.topic == "311/v1/enriched/sms" {
                let e = try IntakeJSON.decode(EnrichedContact.self, from: m.payload)
                if !spreadEnriched.contains(where: { $0.contact.id == e.contact.id }) { spreadEnriched.append(e) }
            }
            #expect(spreadEnriched.count == 5)
            #expect(spreadEnriched.allSatisfy { $0.triage?.category == "water_leak" && $0.surge == nil })
            #expect(Set(spreadEnriched.compactMap { $0.geo?.neighborhood }).count == 5, "\(spreadEnriched.map { $0.geo?.neighborhood })")
            #expect(try Self.alerts(h).isEmpty)

            let surgesBefore = try await Self.metric(h, #"intake_surges_total{category="water_leak"}"#)
            let reportsBefore = try await Self.metric(h, #"intake_surge_reports_total{category="water_leak"}"#)
            // The same kind of report five times in West University (E 5th St, 150 m or more apart).
            let burst: [(text: String, path: String)] = [
                ("Water leak at 100 E 5th St", "/twilio/sms"),
                ("water gushing out of the ground at 300 E 5th St", "/twilio/sms"),
                ("there is a broken pipe at 500 E 5th St and water is running down the street", "/twilio/sms"),
                ("Leaking water main at 700 E 5th St", "/twilio/sms"),
                ("Hay una fuga de agua en 900 E 5th St", "/twilio/sms?lang=es"),
            ]
            var bodies: [String] = []
            for (i, b) in burst.enumerated() {
                let r = try await h.post(b.path, TestTwilio.smsParameters(body: b.text, from: "+1520555030\(i)"))
                bodies.append(r.body)
                if i == 2 { _ = try await h.probe.waitFor("the surge alert") { m in m.contains { $0.topic == "311/v1/alert/surge" } } }
            }
            let refs = try bodies.map { try #require(Self.ref($0), "\($0)") }
            let alerts = try Self.alerts(h)
            #expect(alerts.count == 1)
            let alert = try #require(alerts.first)
            #expect(alert.category == "water_leak")
            #expect(alert.area == "West University")
            #expect(alert.jurisdiction == "City of Tucson")
            #expect(alert.count == 3)
            #expect(alert.threshold == 3)
            #expect(alert.windowSeconds == 3600)
            var ids: [String] = []
            for c in try h.contacts(channel: "sms") where !ids.contains(c.id) { ids.append(c.id) }
            #expect(ids.count == 10)
            #expect(alert.contactIDs == Array(ids[5..<8]))

            // The report that started the surge opened its case; the two after it joined that case.
            #expect(refs[3] == refs[2])
            #expect(refs[4] == refs[2])
            #expect(bodies[3].contains("added to case \(refs[2])"), "\(bodies[3])")
            // Each of the two is told, on SMS and in their language, that the city already knows.
            let sent = try await h.provider.waitFor { r in r.filter { $0.path.hasSuffix("/Messages.json") }.count >= 2 }
            _ = sent
            let notices = Self.smsSent(h)
            #expect(notices.contains { $0.contains("To=+15205550303") && $0.contains("we already know about this problem in your area") },
                    "\(notices)")
            #expect(notices.contains { $0.contains("To=+15205550304") && $0.contains("ya sabemos de este problema en su zona") }, "\(notices)")
            #expect(!notices.contains { $0.contains("To=+15205550302") }, "the report that started the surge is not told it was known")
            #expect(!notices.contains { $0.contains("To=+1520555020") }, "no spread report is told of a surge")

            let db = try await h.stack.ownerConnection()
            let surges = try await db.query("SELECT id, case_ref, category, area FROM surges")
            #expect(surges.count == 1)
            #expect(surges[0, "id"] == alert.id)
            #expect(surges[0, "case_ref"] == refs[2])
            #expect(surges[0, "category"] == "water_leak")
            #expect(try await db.query("SELECT contact_count FROM cases WHERE ref = $1", [refs[2]])[0, "contact_count"] == "3")
            await db.close()
            // Nothing more was alerted while the surge lasts.
            try await Task.sleep(for: .milliseconds(300))
            #expect(try Self.alerts(h).count == 1)

            // Counted in /metrics. The registry is shared with the tests running beside this one, so only the growth is checked.
            let after = try await Self.metric(h, #"intake_surges_total{category="water_leak"}"#)
            let reportsAfter = try await Self.metric(h, #"intake_surge_reports_total{category="water_leak"}"#)
            #expect(after - surgesBefore >= 1)
            #expect(reportsAfter - reportsBefore >= 3)
        }
    }

    @Test("two enrich instances on a shared subscription count each other's reports: a burst split between them raises one alert and one case")
    func twoEnrichInstances() async throws {
        try await TestStack.with { stack in
            let settings = try Self.settings()
            try await RunningIntake.with(stack, stages: [.enrich], settings: settings) { _ in
                try await RunningIntake.with(stack, stages: [.enrich], settings: settings) { _ in
                    try await RunningIntake.with(stack, stages: [.writer]) { _ in
                        try await RunningIntake.with(stack, stages: [.adapters], settings: ["INTAKE_ACK_WAIT_MS": "5000"]) { sms in
                            let probe = try BusProbe(stack)
                            try await probe.start(subscribing: ["311/v1/alert/surge", "311/v1/enriched/+"])
                            let texts = ["Water leak at 100 E 5th St", "water gushing out of the ground at 300 E 5th St",
                                         "broken pipe at 500 E 5th St", "Leaking water main at 700 E 5th St",
                                         "water leak by the curb at 900 E 5th St", "leaking hydrant at 1100 E 5th St"]
                            var refs: [String] = []
                            for (i, text) in texts.enumerated() {
                                let r = try await TestTwilio.post("\(sms.baseURL)/twilio/sms",
                                                                  parameters: TestTwilio.smsParameters(body: text, from: "+1520555040\(i)"))
                                refs.append(try #require(Self.ref(r.body), "\(r.body)"))
                            }
                            try await Task.sleep(for: .milliseconds(300))
                            let alerts = probe.messages.filter { $0.topic == "311/v1/alert/surge" }
                            #expect(alerts.count == 1)
                            // Reports 3 to 6 are all on the surge's case, whichever instance enriched them.
                            #expect(Set(refs[2...]).count == 1, "\(refs)")
                            let marked = try probe.messages.filter { $0.topic == "311/v1/enriched/sms" }
                                .map { try IntakeJSON.decode(EnrichedContact.self, from: $0.payload) }.compactMap(\.surge)
                            #expect(Set(marked.map(\.id)).count == 1)
                            #expect(marked.filter(\.started).count == 1)
                            try await stack.waitForValue("SELECT count(*) FROM surges", equals: "1")
                            await probe.stop()
                        }
                    }
                }
            }
        }
    }

    @Test("intake tail shows the alert and the reports that join it, without the residents' words")
    func tailLines() throws {
        let alert = SurgeAlert(id: "surge:water_leak:x:1", category: "water_leak", areaKey: "neighborhood:City of Tucson/West University",
                               area: "West University", count: 12, threshold: 10, windowSeconds: 3600, contactIDs: ["sms:1"],
                               at: Date())
        let line = TailFormatter(colour: false, showText: false)
            .line(TailMessage(topic: "311/v1/alert/surge", retained: false, traceparent: nil, payload: IntakeJSON.encode(alert), prefix: "311/v1"))
        #expect(line.contains("alert"))
        #expect(line.contains("water_leak"))
        #expect(line.contains("SURGE 12 reports in West University within 60 min"), "\(line)")
        var e = EnrichedContact(contact: ContactEnvelope(id: "sms:2", channel: "sms", adapter: "twilio-sms",
                                                         sender: Sender(kind: .phone, address: "+15205550100"), language: "en",
                                                         text: "no water at all on my street"),
                                triage: TriageResult(category: "water_leak", priority: .high), dedup: DedupVerdict(verdict: .new))
        e.surge = SurgeMark(id: alert.id, area: "West University", started: false)
        let joined = TailFormatter(colour: false, showText: false)
            .line(TailMessage(topic: "311/v1/enriched/sms", retained: false, traceparent: nil, payload: IntakeJSON.encode(e), prefix: "311/v1"))
        #expect(joined.contains("joins surge in West University"), "\(joined)")
        #expect(!joined.contains("no water at all"))
    }
}
