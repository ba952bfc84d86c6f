import AsyncHTTPClient
import CADChannel
import Foundation
import IntakeCore
import IntakeTestSupport
import NIOCore
import Testing
import TwilioSupport

/// Emergencies reach the 911 centre, through the real broker and database: the CAD endpoint and
/// Twilio are recording local HTTP servers.
@Suite("Escalations to 911")
struct EscalationToCADTests {
    static let token = "911-centre-token-\(UUID().uuidString)"
    static let key = Array("cad-signing-key-\(UUID().uuidString)".utf8)
    static let emergencyText = "Gas leak and a fire at 100 N Stone Ave, people inside"

    /// The 911 centre's files (tokens, signing key) and the settings that point at them and at `cad`.
    static func settings(cad: RecordingServer, path: String = "/cad/escalations", realert: Int = 60) throws -> [String: String] {
        let dir = try Paths.temporaryDirectory("cad-secrets")
        try "\(CentreTokens.hash(token)) Tucson PSCD\n".write(toFile: "\(dir)/911-tokens", atomically: true, encoding: .utf8)
        try (String(decoding: key, as: UTF8.self) + "\n").write(toFile: "\(dir)/cad-signing-key", atomically: true, encoding: .utf8)
        return [
            "INTAKE_911_TOKENS_FILE": "\(dir)/911-tokens", "INTAKE_CAD_SIGNING_KEY_FILE": "\(dir)/cad-signing-key",
            "INTAKE_CAD_URL": cad.baseURL + path, "INTAKE_DUTY_SUPERVISOR_SMS": "+15205550900",
            "INTAKE_ESCALATION_REALERT_SECONDS": String(realert),
        ]
    }

    static func withCAD<T>(answers: [String: (bytes: [UInt8], type: String)] = [:], _ body: (RecordingServer) async throws -> T) async throws -> T {
        let cad = try RecordingServer(answers: answers)
        try await cad.start()
        defer { cad.stop() }
        return try await body(cad)
    }

    static func cadPosts(_ cad: RecordingServer) -> [RecordingServer.Recorded] {
        cad.requests.filter { $0.method == "POST" && $0.path.hasPrefix("/cad/") }
    }

    static func post(_ url: String, json: String, token: String?) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        request.body = .bytes(ByteBuffer(string: json))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 20)))
    }

    @Test("an emergency SMS reaches the CAD endpoint signed, and the duty supervisor by SMS; the resident gets the emergency reply, not the thank-you; the API acknowledges it")
    func emergencySMS() async throws {
        try await Self.withCAD { cad in
            try await ChannelHarness.with(stages: [.adapters, .enrich, .writer], settings: try Self.settings(cad: cad)) { h in
                let r = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: Self.emergencyText, from: "+15205550177"))
                #expect(r.status == 200)
                #expect(r.body.contains("call 911 now"))
                #expect(r.body.contains("911 has been alerted"))
                #expect(!r.body.contains("thank you, we received your report"), "not the ordinary thank-you: \(r.body)")

                let posts = try await cad.waitFor { _ in !Self.cadPosts(cad).isEmpty }.filter { $0.path == "/cad/escalations" }
                let post = try #require(posts.first)
                let timestamp = try #require(post.headers["x-intake-timestamp"])
                let signature = try #require(post.headers["x-intake-signature"])
                #expect(CADSignature(key: Self.key).verify(body: Array(post.body.utf8), timestamp: timestamp, signature: signature))
                #expect(!CADSignature(key: Array("another key".utf8)).verify(body: Array(post.body.utf8), timestamp: timestamp, signature: signature))
                let alert = try IntakeJSON.decode(EscalationAlert.self, from: Array(post.body.utf8))
                #expect(alert.alerts == 1)
                #expect(alert.escalation.channel == "sms")
                #expect(alert.escalation.callback == "+15205550177")
                #expect(post.headers["x-intake-escalation-id"] == alert.id)

                // The duty supervisor's SMS went through Twilio.
                let texts = try await h.provider.waitFor { r in r.contains { $0.path.hasSuffix("/Messages.json") && $0.body.contains("%2B15205550900") } }
                #expect(texts.contains { $0.body.contains("EMERGENCY") })

                try await h.stack.waitForValue("SELECT (delivered_at IS NOT NULL)::text FROM escalations WHERE id = $1", [alert.id], equals: "true")
                try await h.stack.waitForValue("SELECT alerts::text FROM escalations WHERE id = $1", [alert.id], equals: "1")

                let ackURL = h.intake.baseURL + "/api/v1/escalations/\(alert.id)/ack"
                #expect(try await Self.post(ackURL, json: "{}", token: "wrong").status == 401)
                #expect(try await Self.post(ackURL, json: "{}", token: nil).status == 401)
                try await h.stack.waitForValue("SELECT (acknowledged_at IS NULL)::text FROM escalations WHERE id = $1", [alert.id], equals: "true")
                let ack = try await Self.post(ackURL, json: #"{"by":"dispatcher 7"}"#, token: Self.token)
                #expect(ack.status == 202)
                try await h.stack.waitForValue("SELECT acknowledged_by FROM escalations WHERE id = $1", [alert.id], equals: "api: dispatcher 7")
                #expect(h.probe.messages.contains { $0.topic == "311/v1/escalation/\(alert.id)/ack" })
            }
        }
    }

    @Test("an unacknowledged escalation alerts again (sinks and escalation/{id}/alert); an ack on the bus stops it")
    func realert() async throws {
        try await Self.withCAD { cad in
            try await ChannelHarness.with(stages: [.adapters, .enrich, .writer], settings: try Self.settings(cad: cad, realert: 1)) { h in
                _ = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: Self.emergencyText, from: "+15205550178"))
                _ = try await cad.waitFor { _ in Self.cadPosts(cad).count >= 2 }
                let second = try IntakeJSON.decode(EscalationAlert.self, from: Array(Self.cadPosts(cad)[1].body.utf8))
                #expect(second.alerts == 2)
                let id = second.id
                try await h.probe.waitFor("the re-alert") { m in m.contains { $0.topic == "311/v1/escalation/\(id)/alert" } }

                // The console's acknowledgement, on the bus.
                let console = try BusProbe(h.stack, role: "intake")
                try await console.start()
                try await console.client.publish(topic: "311/v1/escalation/\(id)/ack",
                                                 payload: IntakeJSON.encode(EscalationAck(id: id, by: "staff ana", at: Date(), via: .console)))
                try await h.stack.waitForValue("SELECT acknowledged_by FROM escalations WHERE id = $1", [id], equals: "console: staff ana")
                await console.stop()
                try await Task.sleep(for: .milliseconds(500))
                let settled = Self.cadPosts(cad).count
                try await Task.sleep(for: .seconds(3))
                #expect(Self.cadPosts(cad).count == settled, "no alert after the acknowledgement")
            }
        }
    }

    @Test("a CAD answer of {\"acknowledged\":true} acknowledges at once: no alert again")
    func acknowledgedByCAD() async throws {
        let answer = (bytes: Array(#"{"acknowledged":true,"by":"CAD dispatcher 12"}"#.utf8), type: "application/json")
        try await Self.withCAD(answers: ["/cad/ack": answer]) { cad in
            try await ChannelHarness.with(stages: [.adapters, .enrich, .writer], settings: try Self.settings(cad: cad, path: "/cad/ack", realert: 1)) { h in
                _ = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: Self.emergencyText, from: "+15205550179"))
                _ = try await cad.waitFor { _ in !Self.cadPosts(cad).isEmpty }
                let id = try IntakeJSON.decode(EscalationAlert.self, from: Array(Self.cadPosts(cad)[0].body.utf8)).id
                try await h.stack.waitForValue("SELECT acknowledged_by FROM escalations WHERE id = $1", [id], equals: "cad: CAD dispatcher 12")
                try await h.probe.waitFor("the CAD's ack on the bus") { m in m.contains { $0.topic == "311/v1/escalation/\(id)/ack" } }
                try await Task.sleep(for: .seconds(3))
                #expect(Self.cadPosts(cad).count == 1)
                #expect(!h.probe.messages.contains { $0.topic.hasSuffix("/alert") })
            }
        }
    }

    @Test("a 911 handoff becomes one case however often it is sent; a bad token is refused, a bad body gets a clear 400")
    func handoff() async throws {
        try await Self.withCAD { cad in
            try await ChannelHarness.with(stages: [.adapters, .enrich, .writer], settings: try Self.settings(cad: cad)) { h in
                let url = h.intake.baseURL + "/api/v1/handoff/911"
                let incident = "T\(Int.random(in: 100_000...999_999))"
                let body = #"{"incident_number":"\#(incident)","nature":"pothole","text":"deep pothole, car damaged","location":{"address":"100 N Stone Ave"},"callback":"+15205550140","language":"en"}"#
                #expect(try await Self.post(url, json: body, token: "not-the-token").status == 401)
                #expect(try await Self.post(url, json: body, token: nil).status == 401)
                let noIncident = try await Self.post(url, json: #"{"text":"pothole"}"#, token: Self.token)
                #expect(noIncident.status == 400)
                #expect(noIncident.body.contains("incident_number"))
                #expect(try await Self.post(url, json: #"{"incident_number":"T1"}"#, token: Self.token).body.contains("text or nature"))
                #expect(try await Self.post(url, json: "not json", token: Self.token).status == 400)

                let first = try await Self.post(url, json: body, token: Self.token)
                #expect(first.status == 201, "\(first.body)")
                let ref = try #require(CaseReference.first(in: first.body, prefix: "TUC")?.description)
                let again = try await Self.post(url, json: body, token: Self.token)
                #expect([200, 202].contains(again.status), "\(again.body)")
                if again.status == 200 { #expect(again.body.contains(ref)) }

                let db = try await h.stack.ownerConnection()
                try await h.stack.waitForValue("SELECT count(*)::text FROM contacts WHERE id = $1", ["cad:\(incident)"], equals: "1")
                let row = try await db.query("SELECT case_ref, channel, external_id FROM contacts WHERE id = $1", ["cad:\(incident)"])
                #expect(row[0, "case_ref"] == ref)
                #expect(row[0, "channel"] == "cad")
                #expect(row[0, "external_id"] == incident)
                #expect(try await db.query("SELECT count(*)::text AS n FROM cases WHERE ref = $1", [ref])[0, "n"] == "1")
                // 911 handed it over: it is not escalated back to 911.
                #expect(!h.probe.messages.contains { $0.topic == "311/v1/escalation" })
                await db.close()
            }
        }
    }
}
