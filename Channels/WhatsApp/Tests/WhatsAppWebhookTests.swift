import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IntakeBus
import IntakeChannel
import IntakeCore
import IntakeTestSupport
import Logging
import NIOCore
import Testing
import WhatsAppChannel

/// The whatsapp webhook: refusals in process (nothing may be spooled), and one accepted message
/// through a real intake and a real broker.
@Suite("WhatsApp webhook")
struct WhatsAppWebhookTests {
    static let secret = "a-test-secret-of-some-length"

    struct Refusal: Sendable, CustomTestStringConvertible {
        var name: String
        var secret: String?
        var body: String
        var status: HTTPResponse.Status
        var testDescription: String { name }
    }

    static let refusals: [Refusal] = [
        Refusal(name: "no secret is refused", secret: nil, body: #"{"message_id":"m1","from":"alice","text":"hi"}"#, status: .forbidden),
        Refusal(name: "a wrong secret is refused", secret: "not-the-secret", body: #"{"message_id":"m1","from":"alice","text":"hi"}"#, status: .forbidden),
        Refusal(name: "a body that is not JSON is refused", secret: secret, body: "not json", status: .badRequest),
        Refusal(name: "a body without a sender is refused", secret: secret, body: #"{"message_id":"m1","from":"","text":"hi"}"#, status: .badRequest),
        Refusal(name: "a body that is too large is refused", secret: secret, body: String(repeating: "x", count: WhatsAppChannel.maxBodyBytes + 1), status: .contentTooLarge),
    ]

    @Test(arguments: refusals)
    func refused(_ c: Refusal) async throws {
        let data = try Paths.temporaryDirectory("whatsapp-refusals")
        let settings = try IntakeSettings(values: ["INTAKE_DATA_DIR": data, "INTAKE_ACK_WAIT_MS": "0"])
        let logger = Logger(label: "whatsapp-test")
        // Never connected: a refused request must not reach the bus, or even the spool.
        let bus = MQTTClient.stage("adapters", settings: settings, logger: logger)
        let context = ChannelContext(settings: settings, bus: bus, templates: try await TemplateLibrary(directory: Paths.templates),
                                     blobs: try BlobStore(directory: "\(data)/blobs"), logger: logger)
        let channel = try await WhatsAppChannelFactory().makeAdapter(.init(secret: Self.secret), context: context)
        let router = Router()
        channel.addRoutes(to: router)
        try await Application(router: router).test(.router) { client in
            var headers = HTTPFields()
            if let s = c.secret { headers[HTTPField.Name("X-WhatsApp-Secret")!] = s }
            try await client.execute(uri: "/whatsapp/webhook", method: .post, headers: headers, body: ByteBuffer(string: c.body)) { response in
                #expect(response.status == c.status)
            }
        }
        #expect(channel.intake.spool.pendingCount == 0)
        await channel.intake.spool.close()
    }

    @Test("a signed message becomes one contact on the bus, with the provider's id")
    func accepted() async throws {
        try await ChannelHarness.with(settings: ["INTAKE_CHANNELS": "whatsapp", "INTAKE_WHATSAPP_SECRET": Self.secret, "INTAKE_ACK_WAIT_MS": "0"]) { h in
            var request = HTTPClientRequest(url: h.intake.baseURL + "/whatsapp/webhook")
            request.method = .POST
            request.headers.add(name: "X-WhatsApp-Secret", value: Self.secret)
            request.body = .bytes(ByteBuffer(string: #"{"message_id":"m-42","from":"alice","text":"Pothole on Stone Ave","location":"Stone and Speedway"}"#))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            #expect(response.status == .ok)
            try await h.probe.waitFor("the contact") { _ in (try? h.contacts(channel: "whatsapp").isEmpty) == false }
            let contact = try #require(try h.contacts(channel: "whatsapp").first)
            #expect(contact.id == "whatsapp:m-42")
            #expect(contact.sender.address == "alice")
            #expect(contact.location?.text == "Stone and Speedway")
        }
    }
}
