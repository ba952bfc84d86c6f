import AsyncHTTPClient
import Crypto
import Foundation
import IntakeCore
import IntakeServer
import IntakeStore
import Logging
import IntakeTestSupport
@testable import Open311Channel
import Testing

/// A request whose case is not made in time gets a token; the token later answers with the
/// request, and the client is told at its notify URL, signed with its api key.
@Suite("Open311 tokens and notices")
struct Open311TokenNoticeTests {
    @Test("no case in time: a token; tokens/{id} is pending, then has the request once the writer runs; the notice is signed")
    func tokenThenRequestAndNotice() async throws {
        let notify = try RecordingServer()
        try await notify.start()
        defer { notify.stop() }
        // The adapters alone: the contact is spooled and published, but no case is made yet.
        try await Open311TestClient.with(stages: [.adapters], notifyURL: notify.baseURL + "/hooks/311",
                                         settings: ["INTAKE_OPEN311_ACK_WAIT_MS": "300"]) { h, api in
            // The writer stage migrates the database; it is not running yet.
            let owner = try await h.stack.ownerConnection()
            _ = try await MigrationRunner(logger: Logger(label: "open311-test")).migrate(owner)
            await owner.close()
            let created = try await api.post("/requests.json", Open311TestClient.pothole())
            #expect(created.status == 201, "\(created.body)")
            let answer = try #require(created.list.first)
            #expect(answer["service_request_id"] == nil)
            let token = try #require(answer["token"] as? String, "\(created.body)")

            let pending = try await api.get("/tokens/\(token).json")
            #expect(pending.status == 200, "\(pending.body)")
            #expect(pending.list.count == 1 && pending.list.first?["token"] as? String == token
                    && pending.list.first?["service_request_id"] == nil, "\(pending.body)")
            #expect(try await api.get("/tokens/\(UUID().uuidString.lowercased()).json").status == 404)

            // Now the rest of the pipeline runs; the adapter publishes the contact again until its receipt.
            try await RunningIntake.with(h.stack, stages: [.enrich, .writer]) { _ in
                var id: String?
                let deadline = ContinuousClock.now + .seconds(30)
                while id == nil, ContinuousClock.now < deadline {
                    id = try await api.get("/tokens/\(token).json").list.first?["service_request_id"] as? String
                    if id == nil { try await Task.sleep(for: .milliseconds(200)) }
                }
                let ref = try #require(id, "the token never answered with a request")
                let xml = try await api.get("/tokens/\(token).xml")
                #expect(xml.body.contains("<service_request_id>\(ref)</service_request_id>") && xml.body.contains("<token>\(token)</token>"),
                        "\(xml.body)")
                #expect(try await api.get("/requests/\(ref).json").list.first?["service_code"] as? String == "pothole")

                // The reference that followed late is a notice to the client's notify URL.
                var posted: RecordingServer.Recorded?
                let until = ContinuousClock.now + .seconds(20)
                while posted == nil, ContinuousClock.now < until {
                    posted = notify.requests.first { $0.method == "POST" && $0.path == "/hooks/311" }
                    if posted == nil { try await Task.sleep(for: .milliseconds(100)) }
                }
                let notice = try #require(posted, "no notice reached the notify URL")
                let signature = try #require(notice.headers["x-intake-signature"])
                let expected = "sha256=" + HMAC<SHA256>.authenticationCode(
                    for: Array(notice.body.utf8), using: SymmetricKey(data: Array(Open311TestClient.apiKey.utf8)))
                    .map { String(format: "%02x", $0) }.joined()
                #expect(signature == expected)
                let body = try #require(try JSONSerialization.jsonObject(with: Data(notice.body.utf8)) as? [String: Any])
                #expect(body["service_request_id"] as? String == ref && body["token"] as? String == token)
                #expect((body["text"] as? String)?.contains(ref) == true, "\(notice.body)")
                #expect(notify.requests.filter { $0.method == "POST" && $0.path == "/hooks/311" }.count == 1)
            }
        }
    }

    @Test("deliver POSTs the notice signed with the client's key; a client without a notify URL is sent nothing")
    func deliverSigns() async throws {
        let notify = try RecordingServer()
        try await notify.start()
        defer { notify.stop() }
        let dir = try Paths.temporaryDirectory("open311-notices")
        try "good-key app-one \(notify.baseURL)/n\nother-key app-two\n".write(toFile: "\(dir)/keys", atomically: true, encoding: .utf8)
        let notices = Open311Notices(keys: Open311APIKeys(path: "\(dir)/keys"), timeout: .seconds(5), http: .shared)
        let reply = ReplyMessage(id: "notice:7:open311:abc", channel: "open311", to: Sender(kind: .handle, address: "app-one"), from: nil,
                                 language: "en", text: "Case TUC-2026-000001 is closed: fixed.", caseRef: "TUC-2026-000001",
                                 contactID: "open311:abc")
        try await notices.deliver(reply)
        let sent = try #require(notify.requests.first { $0.method == "POST" })
        #expect(sent.method == "POST" && sent.path == "/n")
        #expect(sent.headers["x-intake-signature"] == Open311Notices.signature(of: Array(sent.body.utf8), key: "good-key"))
        #expect(sent.headers["x-intake-signature"] != Open311Notices.signature(of: Array(sent.body.utf8), key: "other-key"))
        let body = try #require(try JSONSerialization.jsonObject(with: Data(sent.body.utf8)) as? [String: Any])
        #expect(body["id"] as? String == "notice:7:open311:abc" && body["token"] as? String == "abc")
        #expect(body["text"] as? String == "Case TUC-2026-000001 is closed: fixed.")

        var quiet = reply
        quiet.to = Sender(kind: .handle, address: "app-two")
        try await notices.deliver(quiet)
        #expect(notify.requests.filter { $0.method == "POST" }.count == 1)
        var gone = reply
        gone.to = Sender(kind: .handle, address: "app-three")
        await #expect(throws: (any Error).self) { try await notices.deliver(gone) }
    }
}
