import Foundation
import HTTPTypes
public import Hummingbird
public import IntakeChannel
public import IntakeCore
public import Logging
import Metrics

/// A Telegram bot: `POST /telegram/webhook`, the Bot API's `Update` JSON, set with `setWebhook`
/// and its `secret_token`.
///
/// Telegram is answered 200 only once the contact is spooled; the resident is answered through
/// `sendMessage`, with the case reference when the case commits within `INTAKE_ACK_WAIT_MS`, or
/// with a thank-you and the reference following once the receipt comes (as SMS does).
public struct TelegramChannel: ChannelAdapter {
    public static let templateNames = ["received", "received-pending", "reference-follows", "emergency-advice",
                                       "start", "status", "status-unknown", "status-usage", "media-too-large"]
        + TemplateLibrary.questionTemplateNames
    public static let secretHeader = "X-Telegram-Bot-Api-Secret-Token"
    /// Updates are a few kilobytes; photos come by reference, never in the update.
    public static let maxBodyBytes = 256 * 1024

    public let channel = TelegramContact.channel
    public let intake: ContactIntake
    let configuration: TelegramSettings
    let api: TelegramBotAPI
    let templates: TemplateLibrary
    let blobs: BlobStore
    let caseReferencePrefix: String
    let maxAttachmentBytes: Int
    let conversation: ResidentConversation
    let statusReplies: StatusReplies
    /// Per chat: a resident (or a script) flooding the bot.
    let perChat: RateLimiter
    /// Per client address, charged only by refused requests: someone guessing the secret.
    let refusals: RateLimiter
    let emergencyScreen: (any EmergencyScreen)?
    /// Whether the emergency reply may say 911 has been alerted (a sink is configured).
    let alerts911: Bool
    let logger: Logger

    public init(intake: ContactIntake, configuration: TelegramSettings, templates: TemplateLibrary, blobs: BlobStore,
                settings: IntakeSettings, logger: Logger, emergencyScreen: (any EmergencyScreen)? = nil) throws {
        try templates.require(channel: TelegramContact.channel, names: Self.templateNames)
        conversation = try ResidentConversation(channel: TelegramContact.channel, templates: templates, dataDirectory: settings.dataDirectory)
        self.intake = intake
        self.configuration = configuration
        api = TelegramBotAPI(baseURL: configuration.apiURL, token: configuration.botToken ?? "")
        self.templates = templates
        self.blobs = blobs
        caseReferencePrefix = settings.caseReferencePrefix
        maxAttachmentBytes = settings.maxAttachmentBytes
        statusReplies = StatusReplies(settings: settings, templates: templates, labels: emergencyScreen as? any CategoryLabels, logger: logger)
        perChat = RateLimiter(perMinute: configuration.ratePerMinute, burst: configuration.ratePerMinute)
        refusals = RateLimiter(perMinute: 10, burst: 10)
        self.emergencyScreen = emergencyScreen
        alerts911 = EmergencyReply.alerts911(settings)
        self.logger = logger
    }

    public func addRoutes(to router: Router<BasicRequestContext>) {
        router.post("/telegram/webhook") { request, _ in try await self.receive(request) }
    }

    func receive(_ request: Request) async throws -> Response {
        let client = WebhookClient.key(for: request)
        let given = request.headers[HTTPField.Name(Self.secretHeader)!] ?? ""
        guard ConstantTime.equals(given, configuration.secret) else {
            reject("bad_secret")
            guard refusals.allow(client) else { throw tooManyRequests(refusals.retryAfter(client)) }
            logger.warning("refused a Telegram update with a missing or wrong secret token")
            throw HTTPError(.forbidden, message: "missing or wrong \(Self.secretHeader)")
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: Self.maxBodyBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            reject("too_large")
            throw HTTPError(.contentTooLarge, message: "request body over \(Self.maxBodyBytes) bytes")
        } catch {
            // The body stopped before its Content-Length (the client closed, or the read timed out).
            reject("truncated")
            throw HTTPError(.badRequest, message: "request body cut short: \(error)")
        }
        let update: TelegramUpdate
        do {
            update = try TelegramUpdate.decode(body.readableBytesView)
        } catch {
            reject("malformed")
            throw HTTPError(.badRequest, message: "not a Telegram Update: \(JSONBodyProblem.describe(error))")
        }
        let edited = update.message == nil && update.edited_message != nil
        guard let message = update.message ?? update.edited_message, message.from?.is_bot != true else {
            // Another kind of update (a callback, a channel post): nothing to file; 200 so it is not sent again.
            return ok()
        }
        let chat = String(message.chat.id)
        guard perChat.allow(chat) else {
            reject("rate_limited")
            throw tooManyRequests(perChat.retryAfter(chat))
        }
        let language = message.from?.language_code.map(LanguageGuess.supported) ?? "en"
        if !edited, let command = TelegramContact.command(in: message.text ?? "") {
            switch command.name {
            case "start", "help":
                let greeting = try templates.render(channel: channel, name: "start", language: language)
                await send(chat, greeting)
                return ok()
            case "status":
                let request = StatusRequest.parse((["status"] + command.arguments).joined(separator: " "), prefix: caseReferencePrefix)
                    ?? StatusRequest(ref: nil, language: nil)
                await send(chat, try await statusReplies.answer(request, channel: channel, language: language))
                return ok()
            default:
                break  // Any other "/word" is read as a report, like any text.
            }
        }
        // "status TUC-2026-000123" without the slash is asked the same way, and is not a report.
        if !edited, let request = StatusRequest.parse(message.text ?? "", prefix: caseReferencePrefix) {
            await send(chat, try await statusReplies.answer(request, channel: channel, language: language))
            return ok()
        }
        try await file(message, edited: edited, chat: chat)
        return ok()
    }

    /// Makes the message a contact, and tells the resident.
    private func file(_ message: TelegramUpdate.Message, edited: Bool, chat: String) async throws {
        let (attachments, unfetched, tooLarge) = await fetchPhoto(message.photo ?? [])
        var contact = TelegramContact.envelope(from: message, edited: edited, caseReferencePrefix: caseReferencePrefix,
                                               attachments: attachments)
        if !unfetched.isEmpty { contact.channelData["media_unfetched"] = .array(unfetched) }
        if tooLarge {
            // Said at once: the resident can send a smaller photo while they still have it at hand.
            let refusal = try templates.render(channel: channel, name: "media-too-large", language: contact.language,
                                               ["limit_mb": max(1, maxAttachmentBytes >> 20)])
            await send(chat, refusal)
            if contact.text.isEmpty && contact.location == nil { return }
        }
        let turn: ResidentConversation.Turn = edited ? .report : conversation.read(&contact)
        let emergency = emergencyScreen?.emergencyMatch(in: contact.text) != nil
        if emergency { contact.channelData[ContactEnvelope.emergencyAdvisedKey] = .bool(true) }

        let submission: ContactIntake.Submission
        do {
            submission = try await intake.submit(contact)
        } catch {
            // Not durable, so not accepted: Telegram sends the update again.
            // The id carries the chat or the number (a wamid encodes it): redacted above debug.
            logger.error("could not spool Telegram message \(Redacted(contact.id)): \(error)")
            throw HTTPError(.serviceUnavailable, message: "the message could not be stored; please retry")
        }
        logger.info("Telegram message accepted", metadata: [
            "contact": .string(Redacted(contact.id).description), "revision": .stringConvertible(contact.revision),
            "case": .string(submission.receipt?.caseRef ?? "pending"),
        ])
        // An edit changes the words of a report already answered: nothing new to say.
        if edited { return }
        var text: String
        if emergency {
            // The emergency reply instead of the thank-you: call 911 now, and whether 911 was alerted.
            text = try templates.render(channel: channel, name: "emergency-advice", language: contact.language,
                                        EmergencyReply.values(alerted: alerts911, ref: submission.receipt?.caseRef))
        } else if let answer = submission.receipt?.inquiryReply {
            // A question: its answer (or that a person will answer), and no case.
            text = answer
        } else if let answer = try conversation.reply(to: turn, contact: contact, receipt: submission.receipt) {
            text = answer
        } else if let receipt = submission.receipt {
            text = try templates.render(channel: channel, name: "received", language: contact.language,
                                        ["ref": receipt.caseRef, "linked": receipt.outcome == .linked])
            if let question = try conversation.ask(receipt, contact: contact) { text += "\n" + question }
        } else {
            text = try templates.render(channel: channel, name: "received-pending", language: contact.language)
        }
        await send(chat, text)
    }

    /// The largest size of the photo that fits under the limit, fetched through `getFile` and stored
    /// by hash. A photo that cannot be fetched does not cost the resident their message.
    private func fetchPhoto(_ sizes: [TelegramUpdate.PhotoSize]) async -> ([Attachment], [JSONValue], tooLarge: Bool) {
        guard !sizes.isEmpty else { return ([], [], false) }
        let fitting = sizes.filter { ($0.file_size ?? 0) <= maxAttachmentBytes }
            .max { ($0.file_size ?? 0, $0.width ?? 0) < ($1.file_size ?? 0, $1.width ?? 0) }
        guard let photo = fitting else {
            let smallest = sizes.compactMap(\.file_size).min() ?? 0
            return ([], [.object(["file_id": .string(sizes[0].file_id), "reason": .string(
                "\(TelegramError.tooLarge(bytes: smallest, limit: maxAttachmentBytes))")])], true)
        }
        do {
            let file = try await api.filePath(fileID: photo.file_id)
            if let size = file.size, size > maxAttachmentBytes { throw TelegramError.tooLarge(bytes: size, limit: maxAttachmentBytes) }
            let (bytes, served) = try await api.download(path: file.path, maxBytes: maxAttachmentBytes)
            let hash = try blobs.store(bytes)
            let type = served.map { $0.lowercased().hasPrefix("image/") ? $0.lowercased() : "image/jpeg" } ?? "image/jpeg"
            return ([Attachment(sha256: hash, mediaType: type, bytes: bytes.count, name: "photo")], [], false)
        } catch {
            logger.warning("Telegram photo not fetched: \(error)")
            var tooLarge = false
            if let e = error as? TelegramError, case .tooLarge = e { tooLarge = true }
            return ([], [.object(["file_id": .string(photo.file_id), "reason": .string("\(error)")])], tooLarge)
        }
    }

    /// Sends to a chat; a failure is logged, never fatal: the contact is already safe.
    private func send(_ chat: String, _ text: String) async {
        do {
            try await api.sendMessage(chatID: chat, text: text)
        } catch {
            logger.warning("Telegram reply not sent: \(error)")
        }
    }

    public func referenceFollows(for contact: ContactEnvelope, receipt: ReceiptBatch.Receipt) throws -> ReplyMessage? {
        guard let chat = contact.sender.address else { return nil }
        var reply = try ReplyMessage.referenceFollows(for: contact, receipt: receipt, templates: templates, templateFolder: channel,
                                                      replyChannel: channel, to: Sender(kind: .handle, address: chat), from: nil)
        if contact.residentAnswer != nil {
            guard let again = receipt.questions.first(where: { $0.kind == .place }) else { return nil }
            conversation.pending.ask(chat, .init(caseRef: receipt.caseRef, language: contact.language, questions: [again], askedAt: Date()))
            reply.text = try templates.render(again, channel: channel, language: contact.language)
            return reply
        }
        if let question = try conversation.ask(receipt, contact: contact) { reply.text += "\n" + question }
        return reply
    }

    public func deliver(_ reply: ReplyMessage) async throws {
        guard let chat = reply.to.address else { throw ChannelError.deliveryFailed("the reply has no chat to send to") }
        try await api.sendMessage(chatID: chat, text: reply.text)
    }

    private func ok() -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"ok":true}"#)))
    }

    private func tooManyRequests(_ seconds: Int) -> HTTPError {
        HTTPError(.tooManyRequests, headers: [.retryAfter: String(seconds)], message: "too many requests; retry in \(seconds) s")
    }

    private func reject(_ reason: String) {
        Counter(label: "intake_channel_rejected_total", dimensions: [("channel", TelegramContact.channel), ("reason", reason)]).increment()
    }
}
