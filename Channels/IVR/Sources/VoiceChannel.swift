import Foundation
public import Hummingbird
public import IntakeChannel
public import IntakeCore
public import Logging
import Metrics
public import ServiceLifecycle
public import IntakeBus
public import TwilioSupport

/// Phone calls through Twilio Voice: `POST /twilio/voice` and its steps under `/twilio/voice/…`.
///
/// The call is answered in TwiML, one question at a time (see `CallFlow`), in English or Spanish,
/// and becomes one contact (`voice:CA…`). Every route, callbacks included, is signed by Twilio and
/// checked like the SMS webhook.
public struct VoiceChannel: ChannelAdapter {
    public let channel = VoiceContact.channel
    public static let templateNames = [
        "menu-emergency", "menu-language", "menu-retry", "location-ask", "location-retry", "location-again",
        "location-confirm", "confirm-retry", "description-ask", "description-retry", "voicemail-offer",
        "voicemail-record", "no-report", "reference", "reference-repeat", "reference-follows-call", "reference-follows",
        "technical-problem", "goodbye", "emergency-transfer", "emergency-failed", "restart",
        "case-status-ask", "case-status-retry", "case-status", "case-status-unknown", "case-status-menu",
        "too-many-calls", "inquiry-ask", "inquiry-retry", "inquiry-answer",
    ]

    let calls: VoiceCalls
    public var intake: ContactIntake { calls.intake }
    let webhook: TwilioWebhook
    let templates: TemplateLibrary
    let logger: Logger

    public init(calls: VoiceCalls, webhook: TwilioWebhook, templates: TemplateLibrary, logger: Logger) throws {
        try templates.require(channel: TwiMLRenderer.templateChannel, names: Self.templateNames)
        self.calls = calls
        self.webhook = webhook
        self.templates = templates
        self.logger = logger
    }

    public func addRoutes(to router: Router<BasicRequestContext>) {
        for route in VoiceRoute.allCases {
            router.post(RouterPath(route.path)) { request, _ in try await self.receive(route, request) }
        }
    }

    public func services() -> [any Service] {
        [CallSweeper(calls: calls)]
    }

    func receive(_ route: VoiceRoute, _ request: Request) async throws -> Response {
        let form = try await webhook.verify(request)
        guard let sid = form["CallSid"], CallSID.isValid(sid) else {
            Counter(label: "intake_channel_rejected_total", dimensions: [("channel", channel), ("reason", "malformed")]).increment()
            throw HTTPError(.badRequest, message: "the webhook has no valid CallSid")
        }
        let twiml: TwiML
        if route.answers != nil || route == .start {
            twiml = try await calls.step(route, form, callSID: sid)
        } else {
            try await calls.callback(route, form, callSID: sid)
            twiml = TwiML([])
        }
        return Response(status: .ok, headers: [.contentType: TwiML.contentType],
                        body: .init(byteBuffer: ByteBuffer(string: twiml.render())))
    }

    /// The case committed after the caller was told "by text message" (or after they hung up):
    /// the reference goes to them as an SMS from the number they called. Nothing when they heard
    /// it on the call, or when their number was withheld.
    public func referenceFollows(for contact: ContactEnvelope, receipt: ReceiptBatch.Receipt) throws -> ReplyMessage? {
        if case .bool(true)? = contact.channelData["reference_read_back"] { return nil }
        guard contact.sender.kind == .phone, let to = contact.sender.address else { return nil }
        return try .referenceFollows(for: contact, receipt: receipt, templates: templates, templateFolder: TwiMLRenderer.templateChannel,
                                     replyChannel: "sms", to: Sender(kind: .phone, address: to), from: contact.channelData["To"]?.stringValue)
    }
}

extension VoiceChannel {
    /// The channel as a process runs it: call states under `$INTAKE_DATA_DIR/calls`, escalations on
    /// the adapters' bus connection, voice messages fetched into the blob store.
    public init(_ voice: VoiceSettings, intake: ContactIntake, context: ChannelContext,
                timings: CallEnding.Timings = .init()) throws {
        let settings = context.settings
        guard let screen = context.emergencyScreen else {
            throw SettingsError.invalid(key: "INTAKE_TRIAGE_RULES", value: settings.triageRules,
                                        expected: "a readable triage rules file: the voice channel transfers calls on its emergency words")
        }
        let webhook = try TwilioWebhook(twilio: voice.twilio, channel: VoiceContact.channel, logger: context.logger)
        let calls = VoiceCalls(
            flow: CallFlow(policy: CallPolicy(emergencyNumber: voice.emergencyNumber, caseReferencePrefix: settings.caseReferencePrefix),
                           emergencyScreen: screen),
            store: try CallStore(directory: "\(settings.dataDirectory)/calls", logger: context.logger),
            renderer: TwiMLRenderer(templates: context.templates, publicURL: settings.publicURL),
            intake: intake,
            escalations: EscalationPublisher(bus: context.bus, topics: settings.topics),
            media: VoicemailMedia(rest: TwilioRESTClient(twilio: voice.twilio), blobs: context.blobs, maxBytes: settings.maxAttachmentBytes),
            timings: timings,
            logger: context.logger,
            statusLookup: CaseStatusLookup(settings: settings, applicationName: "intake-voice-status", logger: context.logger),
            categoryLabels: screen as? any CategoryLabels)
        try self.init(calls: calls, webhook: webhook, templates: context.templates, logger: context.logger)
    }
}
