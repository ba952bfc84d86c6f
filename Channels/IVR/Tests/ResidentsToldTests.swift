import AsyncHTTPClient
import Foundation
import IntakeCore
import IntakeServer
import IntakeTestSupport
import IVRChannel
import NIOCore
import Testing
import TwilioSupport

/// Case life across channels, through real HTTP, a real broker and a real database: three residents
/// report one pothole by SMS, by phone and through an Open311 app; a department closes the case;
/// each hears it once, on the channel they used (the caller by SMS, the app through its notify URL).
@Suite("Residents told across channels")
struct ResidentsToldTests {
    static let departmentToken = "bureau-\(UUID().uuidString)"
    static let apiKey = "k-\(UUID().uuidString.lowercased())"
    static let note = "Pothole filled by the streets crew"

    static func settings(notifyURL: String) throws -> [String: String] {
        let dir = try Paths.temporaryDirectory("residents-told")
        try DepartmentTokens.line(department: "311 Bureau", token: departmentToken)
            .write(toFile: "\(dir)/department-tokens", atomically: true, encoding: .utf8)
        try "\(apiKey) pothole-app \(notifyURL)\n".write(toFile: "\(dir)/open311-api-keys", atomically: true, encoding: .utf8)
        return ["INTAKE_DEPARTMENT_TOKENS": "\(dir)/department-tokens", "INTAKE_OPEN311_ENABLED": "on",
                "INTAKE_OPEN311_API_KEYS": "\(dir)/open311-api-keys", "INTAKE_911_NUMBER": TestCall.emergencyNumber,
                "INTAKE_ACK_WAIT_MS": "5000", "INTAKE_OUTBOX_POLL_MS": "200"]
    }

    static func patch(_ baseURL: String, _ ref: String, _ body: String) async throws -> Int {
        var request = HTTPClientRequest(url: "\(baseURL)/api/v1/cases/\(ref)")
        request.method = .PATCH
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Authorization", value: "Bearer \(departmentToken)")
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(20))
        _ = try await response.body.collect(upTo: 1 << 16)
        return Int(response.status.code)
    }

    /// The SMS sent through the Twilio REST stand-in: (to, body).
    static func texts(_ provider: RecordingServer) -> [(to: String, body: String)] {
        provider.requests.filter { $0.method == "POST" && $0.path.hasSuffix("/Messages.json") }.compactMap { r in
            guard let form = try? FormBody(parsing: Array(r.body.utf8)), let to = form["To"], let body = form["Body"] else { return nil }
            return (to, body)
        }
    }

    @Test("a department closes a case reported by SMS, by phone and through Open311: each resident is told once, on their channel; a repeated event sends nothing more")
    func closeTellsEveryChannelOnce() async throws {
        let app = try RecordingServer()
        try await app.start()
        defer { app.stop() }
        try await ChannelHarness.with(stages: Set(Stage.allCases), settings: try Self.settings(notifyURL: "\(app.baseURL)/notices")) { h in
            let texter = "+15205550141"
            let call = TestCall(from: "+15205550142")

            // 1. Three reports of the same pothole.
            let sms = TestTwilio.smsParameters(body: "Huge pothole in front of 101 N Stone Ave, please fix", from: texter)
            let smsID = "sms:\(sms.first { $0.0 == "MessageSid" }!.1)"
            #expect(try await h.post("/twilio/sms", sms).status == 200)
            _ = try await call.walk(h.intake.baseURL, TestCall.reportSteps(location: "101 North Stone Avenue",
                                                                          description: "There is a big pothole in the road")
                                    + [(.record, TestCall.digits("2"))])
            var request = HTTPClientRequest(url: "\(h.intake.baseURL)/open311/v2/requests.json")
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: FormBody.encode([
                ("api_key", Self.apiKey), ("service_code", "pothole"), ("lat", "32.2217"), ("long", "-110.9265"),
                ("address_string", "101 N Stone Ave"), ("description", "Pothole by the curb"), ("device_id", "dev-7"),
            ])))
            let posted = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            let answer = String(buffer: try await posted.body.collect(upTo: 1 << 16))
            #expect(posted.status.code == 201 || posted.status.code == 200, "\(answer)")

            // 2. Their cases, as stored.
            let ids = [smsID, "voice:\(call.sid)"]
            let db = try await h.stack.ownerConnection()
            defer { Task { await db.close() } }
            try await h.stack.waitForValue("SELECT count(*) FROM contacts WHERE id = ANY($1::text[]) OR channel = 'open311'",
                                           ["{\(ids.joined(separator: ","))}"], equals: "3", timeout: .seconds(60))
            let rows = try await db.query("SELECT id, channel, case_ref FROM contacts WHERE id = ANY($1::text[]) OR channel = 'open311'",
                                          ["{\(ids.joined(separator: ","))}"])
            var caseOf: [String: String] = [:]
            for i in 0..<rows.count { caseOf[rows[i, "channel"]!] = rows[i, "case_ref"]! }
            let primary = try #require(caseOf["sms"])
            // Whatever enrich did not link, a person merges into the first report's case.
            for other in Set(caseOf.values) where other != primary {
                #expect(try await Self.patch(h.intake.baseURL, other, #"{"duplicate_of":"\#(primary)"}"#) == 200)
            }

            // 3. The department closes it: the texter and the caller by SMS, the app at its notify URL.
            #expect(try await Self.patch(h.intake.baseURL, primary, #"{"status":"closed","note":"\#(Self.note)"}"#) == 200)
            _ = try await h.provider.waitFor(timeout: .seconds(60)) { _ in
                Set(Self.texts(h.provider).filter { $0.body.contains(Self.note) }.map(\.to)) == [texter, call.from]
            }
            _ = try await app.waitFor(timeout: .seconds(60)) { r in r.contains { $0.body.contains(Self.note) } }

            // 4. A repeated PATCH and the same notices published again send nothing more.
            #expect(try await Self.patch(h.intake.baseURL, primary, #"{"status":"closed","note":"\#(Self.note)"}"#) == 200)
            let notices = h.probe.messages(on: "\(h.intake.settings.topics.prefix)/reply/").filter {
                String(decoding: $0.payload, as: UTF8.self).contains(Self.note)
            }
            #expect(notices.count == 3, "one notice per resident on the bus")
            for n in notices { try h.probe.client.send(topic: n.topic, payload: n.payload, qos: 1) }
            try await Task.sleep(for: .seconds(3))

            let closedTexts = Self.texts(h.provider).filter { $0.body.contains(Self.note) }
            #expect(closedTexts.filter { $0.to == texter }.count == 1)
            #expect(closedTexts.filter { $0.to == call.from }.count == 1)
            #expect(closedTexts.allSatisfy { $0.body.contains(primary) })
            let appNotices = app.requests.filter { $0.body.contains(Self.note) }
            #expect(appNotices.count == 1)
            #expect(appNotices.first?.headers.first { $0.key.lowercased() == "x-intake-signature" }?.value.hasPrefix("sha256=") == true)
        }
    }
}
