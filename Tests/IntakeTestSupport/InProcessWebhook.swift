import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IntakeBus
import IntakeChannel
public import IntakeCore
public import IntakeSpool
import IVRChannel
import Logging
import NIOCore
import SMSChannel
import TwilioSupport

/// A channel's webhook routes inside the test process, with no server, broker or database: each
/// request goes straight to the channel's router (HummingbirdTesting's `.router`). It is for what
/// a webhook refuses before anything is spooled or published (403, 400, 413); a case that must
/// reach the bus belongs in `ChannelHarness`. The bus the channel gets is never connected.
public struct InProcessWebhook: Sendable {
    /// The channels this harness can build (see `makeChannel`).
    public enum Channel: String, Sendable {
        case sms
        case voice
    }

    /// The URL requests are signed for, as if Twilio called it.
    public static let publicURL = "https://intake.test"

    public let settings: IntakeSettings
    /// The channel's spool; a refused request leaves it empty.
    public let spool: ContactSpool
    private let client: any TestClientProtocol

    /// Builds `channel` on a fresh data directory and runs `body` against its routes.
    public static func with<T: Sendable>(_ channel: Channel, settings overrides: [String: String] = [:],
                                         _ body: @Sendable (InProcessWebhook) async throws -> T) async throws -> T {
        var values = [
            "INTAKE_PUBLIC_URL": publicURL,
            "INTAKE_TWILIO_AUTH_TOKEN": TestTwilio.authToken,
            "INTAKE_TWILIO_ACCOUNT_SID": TestTwilio.accountSID,
            "INTAKE_DATA_DIR": try Paths.temporaryDirectory("webhook"),
            "INTAKE_TEMPLATES_DIR": Paths.templates,
            // Nothing is ever sent there: the bus is not connected.
            "INTAKE_MQTT_URL": "mqtt://127.0.0.1:9",
            "INTAKE_ACK_WAIT_MS": "0",
        ]
        values.merge(overrides) { _, o in o }
        let settings = try IntakeSettings(values: values)
        var logger = Logger(label: "intake-webhook-test")
        logger.logLevel = .warning
        let bus = MQTTClient.stage("adapters", settings: settings, logger: logger)
        let context = ChannelContext(settings: settings, bus: bus, templates: try await TemplateLibrary(directory: settings.templatesDirectory),
                                     blobs: try BlobStore(directory: "\(settings.dataDirectory)/blobs"), logger: logger,
                                     emergencyScreen: TestRules.emergencyScreen)
        let adapter = try await makeChannel(channel, context: context)
        let spool = adapter.intake.spool
        do {
            let router = Router()
            adapter.addRoutes(to: router)
            let result = try await Application(router: router, logger: logger).test(.router) { client in
                try await body(InProcessWebhook(settings: settings, spool: spool, client: client))
            }
            await spool.close()
            return result
        } catch {
            await spool.close()
            throw error
        }
    }

    /// The one place the channel under test is built: by its factory, as `IntakeRuntime` builds it.
    static func makeChannel(_ channel: Channel, context: ChannelContext) async throws -> any ChannelAdapter {
        switch channel {
        case .sms: try await build(SMSChannelFactory(), context)
        case .voice: try await build(VoiceChannelFactory(), context)
        }
    }

    private static func build<F: ChannelFactory>(_ factory: F, _ context: ChannelContext) async throws -> any ChannelAdapter {
        var reader = SettingsReader(context.settings.values)
        guard let configuration = factory.configuration(from: &reader, settings: context.settings) else {
            throw TestSetupError("the \(factory.name) channel is off with these settings")
        }
        try reader.finish()
        return try await factory.makeAdapter(configuration, context: context)
    }

    /// POSTs a Twilio webhook to `path` (with its query), signed for `publicURL` + `path`.
    public func post(_ path: String, _ parameters: [(String, String)], signing: TestTwilio.Signing = .valid,
                     rawBody: String? = nil, contentType: String = "application/x-www-form-urlencoded") async throws -> (status: Int, body: String) {
        var headers: HTTPFields = [.contentType: contentType, .userAgent: "TwilioProxy/1.1"]
        let signature = signing.signature(url: settings.publicURL + path, parameters: parameters)
        if !signature.isEmpty { headers[HTTPField.Name(TwilioSignature.header)!] = signature }
        let response = try await client.execute(uri: path, method: .post, headers: headers,
                                                body: ByteBuffer(string: rawBody ?? FormBody.encode(parameters)))
        return (Int(response.status.code), String(buffer: response.body))
    }

    /// Sends one request a webhook must refuse.
    public func post(_ refusal: WebhookRefusal) async throws -> (status: Int, body: String) {
        try await post(refusal.path, refusal.parameters, signing: refusal.signing, rawBody: refusal.rawBody,
                       contentType: refusal.contentType)
    }
}

/// One request a webhook must refuse before it spools anything, and the status it must get.
public struct WebhookRefusal: Sendable, CustomStringConvertible {
    public var name: String
    public var path: String
    public var parameters: [(String, String)]
    public var signing: TestTwilio.Signing
    public var rawBody: String?
    public var contentType: String
    public var status: Int

    public init(_ name: String, path: String, parameters: [(String, String)], signing: TestTwilio.Signing = .valid,
                rawBody: String? = nil, contentType: String = "application/x-www-form-urlencoded", status: Int) {
        self.name = name
        self.path = path
        self.parameters = parameters
        self.signing = signing
        self.rawBody = rawBody
        self.contentType = contentType
        self.status = status
    }

    public var description: String { name }
}
