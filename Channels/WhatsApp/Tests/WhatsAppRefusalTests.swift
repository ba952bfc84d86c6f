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

/// What the WhatsApp webhook refuses, in process: no broker, no database, and nothing spooled.
@Suite("WhatsApp webhook refusals")
struct WhatsAppRefusalTests {
    struct Refusal: Sendable, CustomTestStringConvertible {
        var name: String
        var body: String
        var signature: String?
        var status: Int
        var says: String
        var testDescription: String { name }
    }

    static let message = WhatsAppPayloads.text("Pothole on Oracle Rd")

    static let refusals: [Refusal] = [
        Refusal(name: "a forged signature is refused", body: message, signature: WhatsAppPayloads.sign(message, secret: "not-the-app-secret-0123"),
                status: 403, says: "X-Hub-Signature-256"),
        Refusal(name: "an unsigned webhook is refused", body: message, signature: "", status: 403, says: "X-Hub-Signature-256"),
        Refusal(name: "a signature over other bytes is refused", body: message,
                signature: WhatsAppPayloads.sign(WhatsAppPayloads.text("Pothole on Oracle Road")), status: 403, says: "X-Hub-Signature-256"),
        Refusal(name: "a signed body that is not JSON is refused", body: "entry=1", signature: nil, status: 400,
                says: "not a WhatsApp Cloud API webhook: the body is not JSON"),
        Refusal(name: "a signed body of another object is refused", body: #"{"object":"page","entry":[]}"#, signature: nil, status: 400,
                says: "object is page"),
        Refusal(name: "a message without its id is refused, naming the field",
                body: #"{"object":"whatsapp_business_account","entry":[{"changes":[{"value":{"messages":[{"from":"15205550142","type":"text"}]}}]}]}"#,
                signature: nil, status: 400, says: "entry[0].changes[0].value.messages[0].id is missing"),
        Refusal(name: "a sender that is not a number is refused", body: WhatsAppPayloads.text("hi", from: "15205550142;DROP"), signature: nil,
                status: 400, says: "from is missing or not valid"),
        Refusal(name: "an oversized body is refused", body: WhatsAppPayloads.text(String(repeating: "x", count: WhatsAppChannel.maxBodyBytes)),
                signature: nil, status: 413, says: "over"),
    ]

    static func withChannel(_ extra: [String: String] = [:], _ body: @Sendable (any TestClientProtocol, any ChannelAdapter) async throws -> Void) async throws {
        let data = try Paths.temporaryDirectory("whatsapp-refusals")
        // Answers go to a local recorder, so that a reply never holds a request up.
        let api = try RecordingServer()
        try await api.start()
        defer { api.stop() }
        var values = ["INTAKE_DATA_DIR": data, "INTAKE_ACK_WAIT_MS": "0", "INTAKE_MQTT_URL": "mqtt://127.0.0.1:9",
                      "INTAKE_WHATSAPP_APP_SECRET": WhatsAppPayloads.appSecret, "INTAKE_WHATSAPP_VERIFY_TOKEN": WhatsAppPayloads.verifyToken,
                      "INTAKE_WHATSAPP_TOKEN": WhatsAppPayloads.accessToken, "INTAKE_WHATSAPP_API_URL": api.baseURL,
                      "INTAKE_TEMPLATES_DIR": Paths.templates]
        values.merge(extra) { _, o in o }
        let settings = try IntakeSettings(values: values)
        var logger = Logger(label: "whatsapp-test")
        logger.logLevel = .error
        // Never connected: a refused request must not reach the bus, or even the spool.
        let bus = MQTTClient.stage("adapters", settings: settings, logger: logger)
        let context = ChannelContext(settings: settings, bus: bus, templates: try await TemplateLibrary(directory: Paths.templates),
                                     blobs: try BlobStore(directory: "\(data)/blobs"), logger: logger)
        let factory = WhatsAppChannelFactory()
        var reader = SettingsReader(settings.values)
        let configuration = try #require(factory.configuration(from: &reader, settings: settings))
        try reader.finish()
        let channel = try await factory.makeAdapter(configuration, context: context)
        let router = Router()
        channel.addRoutes(to: router)
        try await Application(router: router, logger: logger).test(.router) { client in try await body(client, channel) }
        await channel.intake.spool.close()
    }

    static func post(_ client: any TestClientProtocol, _ body: String, signature: String?, forwardedFor: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        let signature = signature ?? WhatsAppPayloads.sign(body)
        if !signature.isEmpty { headers[HTTPField.Name(WhatsAppSignature.header)!] = signature }
        if let forwardedFor { headers[HTTPField.Name("X-Forwarded-For")!] = forwardedFor }
        return try await client.execute(uri: "/whatsapp/webhook", method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    @Test(arguments: refusals)
    func refused(_ c: Refusal) async throws {
        try await Self.withChannel { client, channel in
            let r = try await Self.post(client, c.body, signature: c.signature)
            #expect(Int(r.status.code) == c.status)
            #expect(String(buffer: r.body).contains(c.says), "\(String(buffer: r.body))")
            #expect(channel.intake.spool.pendingCount == 0)
        }
    }

    @Test("the signature is Meta's: sha256= and the hex HMAC-SHA256 of the raw body with the app secret")
    func signatureVector() {
        // Computed independently: python3 -c 'import hmac,hashlib; print(hmac.new(SECRET, BODY, hashlib.sha256).hexdigest())'
        let body = Array(#"{"object":"whatsapp_business_account","entry":[]}"#.utf8)
        let expected = "sha256=eefab58106e73358686845848feb95c56372e7391b3dc050b6a31c8c5f347ece"
        let s = WhatsAppSignature(appSecret: "0123456789abcdef0123456789abcdef")
        #expect(s.sign(body) == expected)
        #expect(s.isValid(expected.uppercased().replacingOccurrences(of: "SHA256=", with: "sha256="), body: body))
        #expect(!s.isValid(String(expected.dropLast()) + "f", body: body))
    }

    @Test("without INTAKE_WHATSAPP_APP_SECRET the channel is off")
    func offWithoutSecret() throws {
        var reader = SettingsReader(["INTAKE_WHATSAPP_TOKEN": "x", "INTAKE_WHATSAPP_VERIFY_TOKEN": "y"])
        #expect(WhatsAppChannelFactory().configuration(from: &reader, settings: try IntakeSettings(values: [:])) == nil)
        #expect(Set(WhatsAppChannelFactory().settings.map(\.key)).isSuperset(of: ["INTAKE_WHATSAPP_API_URL", "INTAKE_WHATSAPP_VERIFY_TOKEN"]))
    }

    @Test("a number flooding the webhook is answered 429 with Retry-After; a client forging signatures too")
    func flooding() async throws {
        try await Self.withChannel(["INTAKE_WHATSAPP_RATE_PER_MINUTE": "2"]) { client, channel in
            // Statuses are not messages: they never count against anyone.
            for _ in 0..<5 { #expect(try await Self.post(client, WhatsAppPayloads.status(), signature: nil).status == .ok) }
            var statuses: [Int] = []
            for _ in 0..<4 {
                let r = try await Self.post(client, WhatsAppPayloads.text("again", from: "15205550999"), signature: nil)
                statuses.append(Int(r.status.code))
                if r.status == .tooManyRequests { #expect(r.headers[.retryAfter] != nil) }
            }
            // The first two are accepted (spooled; the bus is not connected here), then 429.
            #expect(statuses == [200, 200, 429, 429])
            #expect(channel.intake.spool.pendingCount == 2)
            func forge() async throws -> Int {
                Int(try await Self.post(client, Self.message, signature: "sha256=00", forwardedFor: "203.0.113.9").status.code)
            }
            var forged: [Int] = []
            for _ in 0..<10 { forged.append(try await forge()) }
            #expect(forged.allSatisfy { $0 == 403 })
            // One try comes back every 6 s: on a slow machine the 429 may come a little after the 11th.
            var limited = false
            for _ in 0..<10 where !limited { limited = try await forge() == 429 }
            #expect(limited, "no 429 after 20 forged signatures")
        }
    }
}
