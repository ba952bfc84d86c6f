import Foundation
public import Hummingbird
import HTTPTypes
public import HummingbirdWebSocket
public import IntakeChannel
public import IntakeCore
public import Logging
import Metrics

/// The web chat: `GET /chat` serves the page, and the same path upgrades to the WebSocket the
/// page talks over. Each completed report is one contact on channel `chat`.
public struct WebChatChannel: ChannelAdapter {
    public static let channelName = "chat"
    public static let adapterName = "web-chat"
    public static let templateNames = [
        "ask-where", "ask-what", "ask-photo", "photo-noted", "received", "received-pending", "reference-follows",
        "emergency-advice", "status", "status-not-found", "status-unavailable", "slow-down", "not-now", "failed",
    ] + TemplateLibrary.questionTemplateNames

    public let channel = WebChatChannel.channelName
    public let intake: ContactIntake
    let settings: WebChatSettings
    let templates: TemplateLibrary
    let blobs: BlobStore
    let caseReferencePrefix: String
    let logger: Logger
    let emergencyScreen: (any EmergencyScreen)?
    /// Whether the emergency reply may say 911 has been alerted (a sink is configured).
    let alerts911: Bool
    let conversations: ChatConversations
    /// New conversations per client: a script opening one conversation after another would
    /// otherwise escape the per-conversation message limit.
    let opens: RateLimiter
    /// The questions asked about filed cases, by conversation id.
    let questionsAsked: PendingQuestions
    let statusReader: CaseStatusReader
    /// The page: HTML with its CSS and script inline, read once at start-up.
    let page: ByteBuffer

    public init(intake: ContactIntake, settings: WebChatSettings, templates: TemplateLibrary, blobs: BlobStore,
                intakeSettings: IntakeSettings, logger: Logger, emergencyScreen: (any EmergencyScreen)? = nil) throws {
        try templates.require(channel: Self.channelName, names: Self.templateNames)
        let pagePath = "\(templates.directory)/\(Self.channelName)/page.html"
        guard let html = FileManager.default.contents(atPath: pagePath) else { throw TemplateError.missing(pagePath) }
        page = ByteBuffer(bytes: html)
        questionsAsked = try PendingQuestions(channel: Self.channelName, dataDirectory: intakeSettings.dataDirectory)
        self.intake = intake
        self.settings = settings
        self.templates = templates
        self.blobs = blobs
        self.caseReferencePrefix = intakeSettings.caseReferencePrefix
        self.logger = logger
        self.emergencyScreen = emergencyScreen
        alerts911 = EmergencyReply.alerts911(intakeSettings)
        opens = RateLimiter(perMinute: settings.opensPerMinute, burst: settings.opensPerMinute)
        conversations = ChatConversations(capacity: settings.maxConversations, idle: TimeInterval(settings.idleSeconds))
        statusReader = CaseStatusReader(url: settings.readerDatabaseURL, logger: logger)
    }

    public func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/chat") { _, _ in
            Response(status: .ok, headers: [
                .contentType: "text/html; charset=utf-8",
                .cacheControl: "no-cache",
                .contentSecurityPolicy: "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
                    + "img-src 'self' data: blob:; connect-src 'self' ws: wss:; frame-ancestors 'none'",
                HTTPField.Name("X-Content-Type-Options")!: "nosniff",
            ], body: .init(byteBuffer: page))
        }
    }

    public func addWebSocketRoutes(to router: Router<ChannelSocketContext>) {
        router.ws("/chat") { request, _ in
            // Only the city's own page may open the socket: a page elsewhere cannot drive it.
            guard let origin = request.headers[.origin], let o = WebChatSettings.origin(of: origin),
                  settings.allowedOrigins.contains(o) else {
                Counter(label: "intake_channel_rejected_total", dimensions: [("channel", "chat"), ("reason", "origin")]).increment()
                throw HTTPError(.forbidden, message: "this origin may not open the chat")
            }
            return .upgrade([:])
        } onUpgrade: { inbound, outbound, context in
            let client = WebhookClient.key(for: context.request, remote: context.requestContext.remoteAddress)
            try await session(inbound: inbound, outbound: outbound, client: client, logger: context.logger)
        }
    }

    /// Conversations held now (for the bench and `/metrics`).
    public var conversationsHeld: Int { conversations.count }

    public func referenceFollows(for contact: ContactEnvelope, receipt: ReceiptBatch.Receipt) throws -> ReplyMessage? {
        guard let conversation = contact.conversation, conversation.hasPrefix("chat:"), contact.residentAnswer == nil else { return nil }
        let id = String(conversation.dropFirst(5))
        var reply = try ReplyMessage.referenceFollows(for: contact, receipt: receipt, templates: templates, templateFolder: channel,
                                                      replyChannel: channel, to: Sender(kind: .handle, address: id), from: nil)
        // The page shows the reference, then the first question, if any.
        let frames = receiptArrived(receipt, conversationID: id, language: contact.language)
        reply.text = frames.map(\.text).joined(separator: "\n")
        return reply
    }

    public func deliver(_ reply: ReplyMessage) async throws {
        guard let id = reply.to.address else { throw ChannelError.deliveryFailed("the reply names no conversation") }
        let step = conversations.update(id: id) { c in c.step.rawValue } ?? "done"
        let frame = reply.caseRef.map { ref in ChatOutbound(kind: .reference, text: reply.text, step: step, ref: ref) }
            ?? ChatOutbound(kind: .say, text: reply.text)
        // A conversation that expired cannot be reached: the resident has left the page.
        guard conversations.push(toConversation: id, frame) else {
            throw ChannelError.deliveryFailed("the chat conversation is no longer open")
        }
    }
}
