public import Foundation
public import IntakeBus
public import IntakeCore
public import IntakeServer

/// The shared harness for channel tests (one table of cases per channel, as courier does): a
/// real broker, an `intake` running the given stages over real HTTP, a probe on the bus and a
/// recording stand-in for the provider's REST API. What a webhook refuses before it spools
/// anything needs none of that: see `InProcessWebhook`.
public final class ChannelHarness: Sendable {
    public let stack: TestStack
    public let intake: RunningIntake
    public let probe: BusProbe
    public let provider: RecordingServer

    public typealias Signing = TestTwilio.Signing

    public static func with<T>(stages: Set<Stage> = [.adapters], settings: [String: String] = [:],
                               media: [String: (bytes: [UInt8], type: String)] = [:],
                               _ body: (ChannelHarness) async throws -> T) async throws -> T {
        try await TestStack.with { stack in
            let provider = try RecordingServer(media: media)
            try await provider.start()
            defer { provider.stop() }
            var values = ["INTAKE_TWILIO_API_URL": provider.baseURL]
            values.merge(settings) { _, o in o }
            return try await RunningIntake.with(stack, stages: stages, settings: values) { intake in
                let probe = try BusProbe(stack)
                try await probe.start(subscribing: [intake.settings.topics.everything])
                defer { Task { await probe.stop() } }
                return try await body(ChannelHarness(stack: stack, intake: intake, probe: probe, provider: provider))
            }
        }
    }

    private init(stack: TestStack, intake: RunningIntake, probe: BusProbe, provider: RecordingServer) {
        self.stack = stack
        self.intake = intake
        self.probe = probe
        self.provider = provider
    }

    /// POSTs a Twilio webhook to `path` (with its query) on the running intake.
    public func post(_ path: String, _ parameters: [(String, String)], signing: Signing = .valid,
                     rawBody: String? = nil, contentType: String = "application/x-www-form-urlencoded") async throws -> (status: Int, body: String) {
        let url = intake.baseURL + path
        return try await TestTwilio.post(url, parameters: parameters, signature: signing.signature(url: url, parameters: parameters),
                                         rawBody: rawBody, contentType: contentType)
    }

    /// The contacts published so far on `contact/{channel}`.
    public func contacts(channel: String) throws -> [ContactEnvelope] {
        try probe.messages(on: intake.settings.topics.contact(channel: channel)).map {
            try IntakeJSON.decode(ContactEnvelope.self, from: $0.payload)
        }
    }
}
