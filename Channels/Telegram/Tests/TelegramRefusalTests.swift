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
import TelegramChannel
import Testing

/// What the Telegram webhook refuses, in process: no broker, no database, and nothing spooled.
@Suite("Telegram webhook refusals")
struct TelegramRefusalTests {
    struct Refusal: Sendable, CustomTestStringConvertible {
        var name: String
        var secret: String?
        var body: String
        var status: Int
        var says: String
        var testDescription: String { name }
    }

    static let refusals: [Refusal] = [
        Refusal(name: "a forged secret is refused", secret: "forged-secret-0123456789", body: TelegramUpdates.text("Pothole"), status: 403,
                says: "X-Telegram-Bot-Api-Secret-Token"),
        Refusal(name: "an update without the secret is refused", secret: nil, body: TelegramUpdates.text("Pothole"), status: 403,
                says: "X-Telegram-Bot-Api-Secret-Token"),
        Refusal(name: "a body that is not JSON is refused", secret: TelegramUpdates.secret, body: "update_id=1", status: 400,
                says: "not a Telegram Update: the body is not JSON"),
        Refusal(name: "a message without its chat is refused, naming the field", secret: TelegramUpdates.secret,
                body: #"{"update_id":5,"message":{"message_id":9,"date":1764500000,"text":"hi"}}"#, status: 400, says: "message.chat is missing"),
        Refusal(name: "a wrongly typed field is refused", secret: TelegramUpdates.secret,
                body: #"{"update_id":"five","message":null}"#, status: 400, says: "update_id has the wrong type"),
        Refusal(name: "an oversized body is refused", secret: TelegramUpdates.secret,
                body: TelegramUpdates.text(String(repeating: "x", count: TelegramChannel.maxBodyBytes)), status: 413, says: "over"),
    ]

    /// The channel built by its factory on a fresh data directory, its routes in process.
    static func withChannel(_ extra: [String: String] = [:], _ body: @Sendable (any TestClientProtocol, any ChannelAdapter) async throws -> Void) async throws {
        let data = try Paths.temporaryDirectory("telegram-refusals")
        // Answers go to a local recorder, so that a reply never holds a request up.
        let api = try RecordingServer()
        try await api.start()
        defer { api.stop() }
        var values = ["INTAKE_DATA_DIR": data, "INTAKE_ACK_WAIT_MS": "0", "INTAKE_MQTT_URL": "mqtt://127.0.0.1:9",
                      "INTAKE_TELEGRAM_SECRET": TelegramUpdates.secret, "INTAKE_TELEGRAM_BOT_TOKEN": TelegramUpdates.botToken,
                      "INTAKE_TELEGRAM_API_URL": api.baseURL, "INTAKE_TEMPLATES_DIR": Paths.templates]
        values.merge(extra) { _, o in o }
        let settings = try IntakeSettings(values: values)
        var logger = Logger(label: "telegram-test")
        logger.logLevel = .error
        // Never connected: a refused request must not reach the bus, or even the spool.
        let bus = MQTTClient.stage("adapters", settings: settings, logger: logger)
        let context = ChannelContext(settings: settings, bus: bus, templates: try await TemplateLibrary(directory: Paths.templates),
                                     blobs: try BlobStore(directory: "\(data)/blobs"), logger: logger)
        let factory = TelegramChannelFactory()
        var reader = SettingsReader(settings.values)
        let configuration = try #require(factory.configuration(from: &reader, settings: settings))
        try reader.finish()
        let channel = try await factory.makeAdapter(configuration, context: context)
        let router = Router()
        channel.addRoutes(to: router)
        try await Application(router: router, logger: logger).test(.router) { client in try await body(client, channel) }
        await channel.intake.spool.close()
    }

    static func post(_ client: any TestClientProtocol, _ body: String, secret: String?, forwardedFor: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let secret { headers[HTTPField.Name(TelegramChannel.secretHeader)!] = secret }
        if let forwardedFor { headers[HTTPField.Name("X-Forwarded-For")!] = forwardedFor }
        return try await client.execute(uri: "/telegram/webhook", method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    @Test(arguments: refusals)
    func refused(_ c: Refusal) async throws {
        try await Self.withChannel { client, channel in
            let r = try await Self.post(client, c.body, secret: c.secret)
            #expect(Int(r.status.code) == c.status)
            let answer = String(buffer: r.body)
            #expect(answer.contains(c.says), "\(answer)")
            #expect(r.headers[.contentType]?.contains("json") == true)
            #expect(channel.intake.spool.pendingCount == 0)
        }
    }

    @Test("without INTAKE_TELEGRAM_SECRET the channel is off")
    func offWithoutSecret() throws {
        var reader = SettingsReader(["INTAKE_TELEGRAM_BOT_TOKEN": TelegramUpdates.botToken])
        #expect(TelegramChannelFactory().configuration(from: &reader, settings: try IntakeSettings(values: [:])) == nil)
        #expect(TelegramChannelFactory().settings.map(\.key).contains("INTAKE_TELEGRAM_API_URL"))
    }

    @Test("a client guessing the secret is answered 429 after a few tries; another client is not")
    func guessingIsLimited() async throws {
        try await Self.withChannel { client, _ in
            func guess() async throws -> Int {
                Int(try await Self.post(client, TelegramUpdates.text("x"), secret: "guess-0123456789", forwardedFor: "203.0.113.7").status.code)
            }
            var statuses: [Int] = []
            for _ in 0..<10 { statuses.append(try await guess()) }
            #expect(statuses.allSatisfy { $0 == 403 })
            // The allowance refills one try every 6 s: on a slow machine a try may have come back
            // meanwhile, so the 429 is looked for among the next few rather than at the 11th.
            var limited = false
            for _ in 0..<10 where !limited { limited = try await guess() == 429 }
            #expect(limited, "no 429 after 20 wrong secrets")
            let other = try await Self.post(client, TelegramUpdates.text("x"), secret: "guess-0123456789", forwardedFor: "198.51.100.4")
            #expect(other.status == .forbidden)
        }
    }

    @Test("a chat flooding the bot is answered 429 with Retry-After")
    func floodingChatIsLimited() async throws {
        // Nothing spooled before the limit either: /start is a command, not a contact.
        try await Self.withChannel(["INTAKE_TELEGRAM_RATE_PER_MINUTE": "3"]) { client, channel in
            var statuses: [Int] = []
            for _ in 0..<5 {
                let r = try await Self.post(client, TelegramUpdates.text("/start"), secret: TelegramUpdates.secret)
                statuses.append(Int(r.status.code))
                if r.status == .tooManyRequests { #expect(r.headers[.retryAfter] != nil) }
            }
            #expect(statuses == [200, 200, 200, 429, 429])
            let another = try await Self.post(client, TelegramUpdates.text("/start", chat: 42), secret: TelegramUpdates.secret)
            #expect(another.status == .ok)
            #expect(channel.intake.spool.pendingCount == 0)
        }
    }
}
