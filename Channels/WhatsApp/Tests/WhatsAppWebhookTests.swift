import AsyncHTTPClient
import Foundation
import IntakeChannel
import IntakeCore
import IntakeServer
import IntakeTestSupport
import Testing

/// Cloud API webhooks, through the real HTTP routes and a real broker; what the channel sends
/// back is read from the recording stand-in for the Graph API.
@Suite("WhatsApp webhook")
struct WhatsAppWebhookTests {
    static func with(settings: [String: String] = [:], answers: [String: (bytes: [UInt8], type: String)] = [:],
                     _ body: (ChannelHarness, RecordingServer) async throws -> Void) async throws {
        let api = try RecordingServer(answers: answers)
        try await api.start()
        defer { api.stop() }
        try await ChannelHarness.with(settings: WhatsAppTestClient.settings(api: api, settings)) { h in try await body(h, api) }
    }

    static func contact(_ h: ChannelHarness, _ id: String) async throws -> ContactEnvelope {
        try await h.probe.waitFor("contact \(id)") { _ in (try? h.contacts(channel: "whatsapp").contains { $0.id == id }) == true }
        return try #require(try h.contacts(channel: "whatsapp").first { $0.id == id })
    }

    @Test("the verification handshake echoes hub.challenge for the right token, and is 403 otherwise")
    func handshake() async throws {
        try await Self.with { h, _ in
            func get(_ query: String) async throws -> (Int, String) {
                let r = try await HTTPClient.shared.execute(HTTPClientRequest(url: h.intake.baseURL + "/whatsapp/webhook?" + query), timeout: .seconds(10))
                return (Int(r.status.code), String(buffer: try await r.body.collect(upTo: 1 << 16)))
            }
            let ok = try await get("hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=\(WhatsAppPayloads.verifyToken)")
            #expect(ok.0 == 200 && ok.1 == "1158201444")
            #expect(try await get("hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=wrong-token").0 == 403)
            #expect(try await get("hub.mode=unsubscribe&hub.challenge=1158201444&hub.verify_token=\(WhatsAppPayloads.verifyToken)").0 == 403)
            #expect(try await get("hub.mode=subscribe&hub.challenge=1158201444").0 == 403)
        }
    }

    @Test("a text becomes a contact of the number, and the resident is answered through the messages endpoint")
    func text() async throws {
        try await Self.with { h, api in
            let id = WhatsAppPayloads.newMessageID()
            let r = try await WhatsAppTestClient.post(h.intake.baseURL, WhatsAppPayloads.text("Hay basura tirada en la calle Grande y Speedway", id: id))
            #expect(r.status == 200, "\(r.body)")
            let c = try await Self.contact(h, "whatsapp:\(id)")
            #expect(c.text == "Hay basura tirada en la calle Grande y Speedway")
            #expect(c.sender.address == "+\(WhatsAppPayloads.waID)" && c.sender.kind == .phone && c.sender.name == "Rosa Méndez")
            #expect(c.language == "es")
            #expect(c.channelData["phone_number_id"] == .string(WhatsAppPayloads.phoneNumberID))
            let sent = try await WhatsAppTestClient.waitForSent(api)
            #expect(sent.first?.to == WhatsAppPayloads.waID && sent.first?.authorized == true)
            #expect(sent.first?.text.contains("recibimos su reporte") == true, "\(sent)")
        }
    }

    @Test("a location message keeps its latitude, longitude and place name")
    func location() async throws {
        try await Self.with { h, _ in
            let id = WhatsAppPayloads.newMessageID()
            let r = try await WhatsAppTestClient.post(h.intake.baseURL, WhatsAppPayloads.location(
                lat: 32.2217, lon: -110.9265, name: "Jácome Plaza", address: "101 N Stone Ave, Tucson, AZ", id: id))
            #expect(r.status == 200, "\(r.body)")
            let c = try await Self.contact(h, "whatsapp:\(id)")
            #expect(c.location?.lat == 32.2217 && c.location?.lon == -110.9265)
            #expect(c.location?.text == "Jácome Plaza, 101 N Stone Ave, Tucson, AZ")
        }
    }

    @Test("an image is looked up by media id, downloaded with the token, stored by hash; the caption is the text")
    func image() async throws {
        let photo = (0..<7000).map { UInt8(truncatingIfNeeded: $0 &* 13) }
        let files = try RecordingServer(answers: ["/whatsapp/media/photo.jpg": (photo, "image/jpeg")])
        try await files.start()
        defer { files.stop() }
        let mediaID = "1037543291543636"
        let answers: [String: (bytes: [UInt8], type: String)] = [
            "/v21.0/\(mediaID)": (WhatsAppPayloads.mediaAnswer(id: mediaID, url: files.baseURL + "/whatsapp/media/photo.jpg", bytes: photo.count),
                                  "application/json"),
        ]
        try await Self.with(answers: answers) { h, api in
            let id = WhatsAppPayloads.newMessageID()
            let r = try await WhatsAppTestClient.post(h.intake.baseURL, WhatsAppPayloads.image(mediaID: mediaID, caption: "Broken sidewalk on 6th St", id: id))
            #expect(r.status == 200, "\(r.body)")
            let c = try await Self.contact(h, "whatsapp:\(id)")
            #expect(c.text == "Broken sidewalk on 6th St")
            let a = try #require(c.attachments.first)
            #expect(a.sha256 == BlobStore.sha256(photo) && a.bytes == photo.count && a.mediaType == "image/jpeg")
            let lookup = try #require(api.requests.first { $0.path == "/v21.0/\(mediaID)" })
            #expect(lookup.method == "GET" && lookup.headers["authorization"] == "Bearer \(WhatsAppPayloads.accessToken)")
            #expect(files.requests.first { $0.path == "/whatsapp/media/photo.jpg" }?.headers["authorization"] == "Bearer \(WhatsAppPayloads.accessToken)")
        }
    }

    @Test("an image over the size limit is refused with a clear message to the resident; the words still make a contact")
    func oversizedImage() async throws {
        let mediaID = "2037543291543637"
        let answers: [String: (bytes: [UInt8], type: String)] = [
            "/v21.0/\(mediaID)": (WhatsAppPayloads.mediaAnswer(id: mediaID, url: "http://127.0.0.1:9/never", bytes: 8_000_000), "application/json"),
        ]
        try await Self.with(settings: ["INTAKE_MAX_ATTACHMENT_BYTES": "2097152"], answers: answers) { h, api in
            let id = WhatsAppPayloads.newMessageID()
            _ = try await WhatsAppTestClient.post(h.intake.baseURL, WhatsAppPayloads.image(mediaID: mediaID, caption: "Water main leak", id: id))
            let c = try await Self.contact(h, "whatsapp:\(id)")
            #expect(c.attachments.isEmpty && c.channelData["media_unfetched"] != nil)
            let sent = try await WhatsAppTestClient.waitForSent(api, count: 2)
            #expect(sent.contains { $0.text.contains("photo is too large") && $0.text.contains("2 MB") }, "\(sent)")
        }
    }

    @Test("a delivery-status callback is accepted with 200 and makes no contact")
    func statusCallback() async throws {
        try await Self.with { h, api in
            for s in ["sent", "delivered", "read"] {
                let r = try await WhatsAppTestClient.post(h.intake.baseURL, WhatsAppPayloads.status(s))
                #expect(r.status == 200, "\(r.body)")
            }
            try await Task.sleep(for: .milliseconds(500))
            #expect(try h.contacts(channel: "whatsapp").isEmpty)
            #expect(WhatsAppTestClient.sent(api).isEmpty)
        }
    }
    @Test("when the case commits after the answer, the reference follows from the same business number")
    func referenceFollows() async throws {
        let api = try RecordingServer()
        try await api.start()
        defer { api.stop() }
        try await ChannelHarness.with(stages: [.adapters, .enrich, .writer], settings: WhatsAppTestClient.settings(api: api)) { h in
            _ = try await WhatsAppTestClient.post(h.intake.baseURL, WhatsAppPayloads.text("Abandoned couch in the alley behind 200 E Broadway"))
            let sent = try await WhatsAppTestClient.waitForSent(api, count: 2)
            #expect(sent[0].text.contains("will follow"), "\(sent)")
            #expect(sent[1].to == WhatsAppPayloads.waID && sent[1].authorized)
            #expect(CaseReference.first(in: sent[1].text, prefix: "TUC") != nil, "\(sent)")
        }
    }
}
