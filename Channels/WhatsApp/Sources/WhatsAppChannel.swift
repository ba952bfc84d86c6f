import Foundation
import HTTPTypes
public import Hummingbird
public import IntakeChannel
public import IntakeCore
public import Logging
import Metrics

/// WhatsApp through the Business Cloud API: `GET /whatsapp/webhook` answers Meta's verification
/// handshake, `POST /whatsapp/webhook` takes messages and delivery statuses, signed with
/// `X-Hub-Signature-256`.
///
/// Meta is answered 200 only once every message of the POST is spooled; the resident is answered
/// through `POST {phone_number_id}/messages`, with the case reference when the case commits within
/// `INTAKE_ACK_WAIT_MS`, or with a thank-you and the reference following (as SMS does).
public struct WhatsAppChannel: ChannelAdapter {
    public static let templateNames = ["received", "received-pending", "reference-follows", "emergency-advice", "media-too-large"]
        + TemplateLibrary.questionTemplateNames + StatusReplies.templateNames
    /// Meta's webhook POSTs are a few kilobytes; media come by id, never in the body.
    public static let maxBodyBytes = 256 * 1024

    public let channel = WhatsAppContact.channel
    public let intake: ContactIntake
    let configuration: WhatsAppSettings
    let signature: WhatsAppSignature
    let api: WhatsAppCloudAPI
    let templates: TemplateLibrary
    let blobs: BlobStore
    let caseReferencePrefix: String
    let maxAttachmentBytes: Int
    let conversation: ResidentConversation
    /// "status TUC-2026-000123": answered from the database, not stored.
    let statusReplies: StatusReplies
    /// Per sender number: a resident (or a script) flooding the number.
    let perSender: RateLimiter
    /// Per client address, charged only by refused requests: someone forging signatures.
    let refusals: RateLimiter
    let emergencyScreen: (any EmergencyScreen)?
    /// Whether the emergency reply may say 911 has been alerted (a sink is configured).
    let alerts911: Bool
    let logger: Logger

    public init(intake: ContactIntake, configuration: WhatsAppSettings, templates: TemplateLibrary, blobs: BlobStore,
                settings: IntakeSettings, logger: Logger, emergencyScreen: (any EmergencyScreen)? = nil) throws {
        try templates.require(channel: WhatsAppContact.channel, names: Self.templateNames)
        conversation = try ResidentConversation(channel: WhatsAppContact.channel, templates: templates, dataDirectory: settings.dataDirectory)
        statusReplies = StatusReplies(settings: settings, templates: templates, labels: emergencyScreen as? any CategoryLabels, logger: logger)
        self.intake = intake
        self.configuration = configuration
        signature = WhatsAppSignature(appSecret: configuration.appSecret)
        api = WhatsAppCloudAPI(baseURL: configuration.apiURL, token: configuration.accessToken)
        self.templates = templates
        self.blobs = blobs
        caseReferencePrefix = settings.caseReferencePrefix
        maxAttachmentBytes = settings.maxAttachmentBytes
        perSender = RateLimiter(perMinute: configuration.ratePerMinute, burst: configuration.ratePerMinute)
        refusals = RateLimiter(perMinute: 10, burst: 10)
        self.emergencyScreen = emergencyScreen
        alerts911 = EmergencyReply.alerts911(settings)
        self.logger = logger
    }

    public func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/whatsapp/webhook") { request, _ in try self.verify(request) }
        router.post("/whatsapp/webhook") { request, _ in try await self.receive(request) }
    }

    /// The subscription handshake: `hub.mode=subscribe` with the verify token gets `hub.challenge` back.
    func verify(_ request: Request) throws -> Response {
        let q = request.uri.queryParameters
        let client = WebhookClient.key(for: request)
        guard q["hub.mode"] == "subscribe", let given = q["hub.verify_token"], !configuration.verifyToken.isEmpty,
              ConstantTime.equals(String(given), configuration.verifyToken), let challenge = q["hub.challenge"] else {
            reject("bad_verify_token")
            guard refusals.allow(client) else { throw tooManyRequests(refusals.retryAfter(client)) }
            throw HTTPError(.forbidden, message: "hub.mode must be subscribe and hub.verify_token must match INTAKE_WHATSAPP_VERIFY_TOKEN")
        }
        logger.info("WhatsApp webhook verified by Meta")
        return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: String(challenge))))
    }

    func receive(_ request: Request) async throws -> Response {
        let client = WebhookClient.key(for: request)
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
        let given = request.headers[HTTPField.Name(WhatsAppSignature.header)!] ?? ""
        guard signature.isValid(given, body: body.readableBytesView) else {
            reject("bad_signature")
            guard refusals.allow(client) else { throw tooManyRequests(refusals.retryAfter(client)) }
            logger.warning("refused a WhatsApp webhook with a missing or wrong signature")
            throw HTTPError(.forbidden, message: "missing or wrong \(WhatsAppSignature.header) (sha256=HMAC-SHA256 of the body with the app secret)")
        }
        let webhook: WhatsAppWebhook
        do {
            webhook = try WhatsAppWebhook.decode(body.readableBytesView)
        } catch {
            reject("malformed")
            throw HTTPError(.badRequest, message: "not a WhatsApp Cloud API webhook: \(JSONBodyProblem.describe(error))")
        }
        guard webhook.object == "whatsapp_business_account" else {
            reject("malformed")
            throw HTTPError(.badRequest, message: "not a WhatsApp Cloud API webhook: object is \(webhook.object), not whatsapp_business_account")
        }
        let messages = webhook.messages.filter { WhatsAppContact.filedTypes.contains($0.message.type) }
        // Checked for the whole POST before any of it is spooled: Meta sends all of it again later.
        for sender in Set(messages.map(\.message.from)) where !perSender.allow(sender) {
            reject("rate_limited")
            throw tooManyRequests(perSender.retryAfter(sender))
        }
        var contacts: [(ContactEnvelope, phoneNumberID: String?, tooLarge: Bool)] = []
        for m in messages {
            let (attachments, unfetched, tooLarge) = await fetchImage(m.message.image)
            do {
                var contact = try WhatsAppContact.envelope(from: m.message, phoneNumberID: m.phoneNumberID, name: m.name,
                                                           caseReferencePrefix: caseReferencePrefix, attachments: attachments)
                if !unfetched.isEmpty { contact.channelData["media_unfetched"] = .array(unfetched) }
                contacts.append((contact, m.phoneNumberID, tooLarge))
            } catch {
                reject("malformed")
                throw HTTPError(.badRequest, message: "not a WhatsApp Cloud API webhook: \(error.description)")
            }
        }
        for (contact, phoneNumberID, tooLarge) in contacts {
            try await file(contact, phoneNumberID: phoneNumberID, tooLarge: tooLarge)
        }
        if webhook.statusCount > 0 { logger.debug("WhatsApp delivery statuses: \(webhook.statusCount)") }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: "{}")))
    }

    /// Spools one message, and tells the resident.
    private func file(_ contact: ContactEnvelope, phoneNumberID: String?, tooLarge: Bool) async throws {
        var contact = contact
        guard let to = contact.sender.address else { return }
        if tooLarge {
            let refusal = try templates.render(channel: channel, name: "media-too-large", language: contact.language,
                                               ["limit_mb": max(1, maxAttachmentBytes >> 20)])
            await send(phoneNumberID, to, refusal)
            if contact.text.isEmpty && contact.location == nil { return }
        }
        if contact.attachments.isEmpty, let request = StatusRequest.parse(contact.text, prefix: caseReferencePrefix) {
            Counter(label: "intake_status_requests_total", dimensions: [("channel", channel)]).increment()
            await send(phoneNumberID, to, try await statusReplies.answer(request, channel: channel, language: contact.language))
            return
        }
        let turn = conversation.read(&contact)
        let emergency = emergencyScreen?.emergencyMatch(in: contact.text) != nil
        if emergency { contact.channelData[ContactEnvelope.emergencyAdvisedKey] = .bool(true) }
        let submission: ContactIntake.Submission
        do {
            submission = try await intake.submit(contact)
        } catch {
            // Not durable, so not accepted: Meta sends the webhook again.
            // The id carries the chat or the number (a wamid encodes it): redacted above debug.
            logger.error("could not spool WhatsApp message \(Redacted(contact.id)): \(error)")
            throw HTTPError(.serviceUnavailable, message: "the message could not be stored; please retry")
        }
        logger.info("WhatsApp message accepted", metadata: [
            "contact": .string(Redacted(contact.id).description), "case": .string(submission.receipt?.caseRef ?? "pending"),
            "from": .string(Redacted(contact.sender.address).description),
        ])
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
        await send(phoneNumberID, to, text)
    }

    /// The image behind a media id, stored by hash. One that cannot be fetched does not cost the
    /// resident their message: it is noted in `channel_data.media_unfetched`.
    private func fetchImage(_ image: WhatsAppWebhook.Media?) async -> ([Attachment], [JSONValue], tooLarge: Bool) {
        guard let image else { return ([], [], false) }
        do {
            let media = try await api.media(id: image.id)
            if let size = media.size, size > maxAttachmentBytes { throw WhatsAppError.tooLarge(bytes: size, limit: maxAttachmentBytes) }
            let (bytes, served) = try await api.download(url: media.url, maxBytes: maxAttachmentBytes)
            let hash = try blobs.store(bytes)
            let type = (image.mime_type ?? media.mimeType ?? served ?? "application/octet-stream").lowercased()
            return ([Attachment(sha256: hash, mediaType: type, bytes: bytes.count, name: "image")], [], false)
        } catch {
            logger.warning("WhatsApp image not fetched: \(error)")
            var tooLarge = false
            if let e = error as? WhatsAppError, case .tooLarge = e { tooLarge = true }
            return ([], [.object(["media_id": .string(image.id), "reason": .string("\(error)")])], tooLarge)
        }
    }

    /// Sends from the business number the resident wrote to; a failure is logged, never fatal.
    private func send(_ phoneNumberID: String?, _ to: String, _ text: String) async {
        guard let phoneNumberID else {
            logger.warning("WhatsApp reply not sent: the webhook named no phone_number_id")
            return
        }
        do {
            try await api.sendText(phoneNumberID: phoneNumberID, to: to, text: text)
        } catch {
            logger.warning("WhatsApp reply not sent: \(error)")
        }
    }

    public func referenceFollows(for contact: ContactEnvelope, receipt: ReceiptBatch.Receipt) throws -> ReplyMessage? {
        guard let to = contact.sender.address, let from = contact.channelData["phone_number_id"]?.stringValue else { return nil }
        var reply = try ReplyMessage.referenceFollows(for: contact, receipt: receipt, templates: templates, templateFolder: channel,
                                                      replyChannel: channel, to: Sender(kind: .phone, address: to), from: from)
        if contact.residentAnswer != nil {
            guard let again = receipt.questions.first(where: { $0.kind == .place }) else { return nil }
            conversation.pending.ask(to, .init(caseRef: receipt.caseRef, language: contact.language, questions: [again], askedAt: Date()))
            reply.text = try templates.render(again, channel: channel, language: contact.language)
            return reply
        }
        if let question = try conversation.ask(receipt, contact: contact) { reply.text += "\n" + question }
        return reply
    }

    public func deliver(_ reply: ReplyMessage) async throws {
        guard let to = reply.to.address else { throw ChannelError.deliveryFailed("the reply has no number to send to") }
        guard let from = reply.from else { throw ChannelError.deliveryFailed("the reply names no WhatsApp phone_number_id to send from") }
        try await api.sendText(phoneNumberID: from, to: to, text: reply.text)
    }

    private func tooManyRequests(_ seconds: Int) -> HTTPError {
        HTTPError(.tooManyRequests, headers: [.retryAfter: String(seconds)], message: "too many requests; retry in \(seconds) s")
    }

    private func reject(_ reason: String) {
        Counter(label: "intake_channel_rejected_total", dimensions: [("channel", WhatsAppContact.channel), ("reason", reason)]).increment()
    }
}
