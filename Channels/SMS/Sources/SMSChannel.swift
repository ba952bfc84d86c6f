import Foundation
public import Hummingbird
public import IntakeChannel
public import IntakeCore
public import Logging
import Metrics
public import TwilioSupport

/// SMS and MMS through Twilio Messaging: `POST /twilio/sms`.
///
/// The answer is TwiML with the case reference when the case commits within
/// `INTAKE_ACK_WAIT_MS`; otherwise it says the message was received, and the reference follows as
/// a reply message once the receipt comes.
public struct SMSChannel: ChannelAdapter {
    public let channel = SMSContact.channel
    public static let templateNames = ["received", "received-pending", "reference-follows", "emergency-advice", "help"]
        + TemplateLibrary.questionTemplateNames + StatusReplies.templateNames

    public let intake: ContactIntake
    let webhook: TwilioWebhook
    let templates: TemplateLibrary
    let rest: TwilioRESTClient
    let blobs: BlobStore
    let caseReferencePrefix: String
    let maxAttachmentBytes: Int
    let logger: Logger
    /// The triage rules' emergency matcher: a text that matches is never answered only with the
    /// ordinary thank-you.
    let emergencyScreen: (any EmergencyScreen)?
    /// Whether the emergency reply may say 911 has been alerted (a sink is configured).
    let alerts911: Bool
    /// The questions asked about new cases, and the answers to them.
    let conversation: ResidentConversation
    /// Numbers that texted STOP: sent nothing until they text START.
    let optOuts: SMSOptOuts
    /// "status TUC-2026-000123": answered from the database, not stored.
    let statusReplies: StatusReplies

    public init(intake: ContactIntake, webhook: TwilioWebhook, templates: TemplateLibrary, rest: TwilioRESTClient,
                blobs: BlobStore, settings: IntakeSettings, logger: Logger, emergencyScreen: (any EmergencyScreen)? = nil) throws {
        self.emergencyScreen = emergencyScreen
        alerts911 = EmergencyReply.alerts911(settings)
        conversation = try ResidentConversation(channel: SMSContact.channel, templates: templates, dataDirectory: settings.dataDirectory)
        optOuts = try SMSOptOuts(dataDirectory: settings.dataDirectory)
        statusReplies = StatusReplies(settings: settings, templates: templates, labels: emergencyScreen as? any CategoryLabels, logger: logger)
        try templates.require(channel: channel, names: Self.templateNames)
        self.intake = intake
        self.webhook = webhook
        self.templates = templates
        self.rest = rest
        self.blobs = blobs
        self.caseReferencePrefix = settings.caseReferencePrefix
        self.maxAttachmentBytes = settings.maxAttachmentBytes
        self.logger = logger
    }

    public func addRoutes(to router: Router<BasicRequestContext>) {
        router.post("/twilio/sms") { request, _ in try await self.receive(request) }
    }

    func receive(_ request: Request) async throws -> Response {
        let form = try await webhook.verify(request)
        let language = request.uri.queryParameters["lang"].map { LanguageGuess.supported(String($0)) }
        let (attachments, unfetched) = await fetchMedia(form)
        var contact: ContactEnvelope
        do {
            contact = try SMSContact.envelope(from: form, language: language, caseReferencePrefix: caseReferencePrefix,
                                              attachments: attachments)
        } catch {
            Counter(label: "intake_channel_rejected_total", dimensions: [("channel", channel), ("reason", "malformed")]).increment()
            throw HTTPError(.badRequest, message: error.description)
        }
        if !unfetched.isEmpty { contact.channelData["media_unfetched"] = .array(unfetched) }
        if let answer = try await command(contact, configuredLanguage: language) { return answer }
        // An answer to a question about a case ("1", "yes", another address) joins that case.
        let turn = conversation.read(&contact)
        // Decided before the contact is stored, so that the enrich stage knows the resident was told.
        let emergency = emergencyScreen?.emergencyMatch(in: contact.text) != nil
        if emergency { contact.channelData[ContactEnvelope.emergencyAdvisedKey] = .bool(true) }

        // One number flooding the webhook is answered 429; a retry of an accepted message never is.
        try intake.admit(contact)
        let submission: ContactIntake.Submission
        do {
            submission = try await intake.submit(contact)
        } catch {
            // Not durable, so not accepted: Twilio will try again.
            logger.error("could not spool SMS \(contact.id): \(error)")
            throw intake.unavailable(error)
        }
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
        logger.info("SMS accepted", metadata: [
            "contact": .string(contact.id), "case": .string(submission.receipt?.caseRef ?? "pending"),
            "from": .string(Redacted(contact.sender.address).description),
        ])
        // A number that texted STOP is still heard, but not answered (Twilio would refuse it anyway).
        if let from = contact.sender.address, optOuts.isOptedOut(from) { return twiML([]) }
        return twiML([.message(text)])
    }

    /// STOP, START, HELP and "status TUC-…": commands answered here and never stored as contacts.
    /// nil for an ordinary message.
    func command(_ contact: ContactEnvelope, configuredLanguage: String?) async throws -> Response? {
        guard contact.attachments.isEmpty, let from = contact.sender.address else { return nil }
        if let keyword = SMSKeyword.parse(contact.text, optedOut: optOuts.isOptedOut(from)) {
            switch keyword {
            case .stop:
                do {
                    try optOuts.optOut(from)
                } catch {
                    logger.error("could not keep an SMS opt-out: \(error)")
                    throw HTTPError(.serviceUnavailable, message: "the opt-out could not be stored; please retry")
                }
                Counter(label: "intake_sms_keywords_total", dimensions: [("keyword", "stop")]).increment()
                logger.info("SMS opt-out", metadata: ["from": .string(Redacted(from).description)])
                // Twilio itself confirms STOP and START to the resident (and blocks the number on its side too).
                return twiML([])
            case .start:
                do {
                    try optOuts.optIn(from)
                } catch {
                    logger.error("could not remove an SMS opt-out: \(error)")
                    throw HTTPError(.serviceUnavailable, message: "the opt-in could not be stored; please retry")
                }
                Counter(label: "intake_sms_keywords_total", dimensions: [("keyword", "start")]).increment()
                logger.info("SMS opt-in", metadata: ["from": .string(Redacted(from).description)])
                return twiML([])
            case .help(let language):
                Counter(label: "intake_sms_keywords_total", dimensions: [("keyword", "help")]).increment()
                let text = try templates.render(channel: channel, name: "help", language: configuredLanguage ?? language)
                return twiML(optOuts.isOptedOut(from) ? [] : [.message(text)])
            }
        }
        if let request = StatusRequest.parse(contact.text, prefix: caseReferencePrefix) {
            Counter(label: "intake_status_requests_total", dimensions: [("channel", channel)]).increment()
            let text = try await statusReplies.answer(request, channel: channel, language: configuredLanguage ?? contact.language)
            return twiML(optOuts.isOptedOut(from) ? [] : [.message(text)])
        }
        return nil
    }

    func twiML(_ verbs: [TwiML.Verb]) -> Response {
        Response(status: .ok, headers: [.contentType: TwiML.contentType],
                 body: .init(byteBuffer: ByteBuffer(string: TwiML(verbs).render())))
    }

    /// Stores each MMS media item by hash. One that cannot be fetched (or is too large) does not
    /// cost the resident their message: it is noted in `channel_data.media_unfetched`.
    func fetchMedia(_ form: FormBody) async -> ([Attachment], [JSONValue]) {
        let count = min(Int(form["NumMedia"] ?? "0") ?? 0, 10)
        var attachments: [Attachment] = []
        var unfetched: [JSONValue] = []
        for i in 0..<count {
            guard let url = form["MediaUrl\(i)"] else { continue }
            let declared = form["MediaContentType\(i)"]
            do {
                let (bytes, served) = try await rest.fetchMedia(url: url, maxBytes: maxAttachmentBytes)
                let hash = try blobs.store(bytes)
                let type = (declared ?? served ?? "application/octet-stream").lowercased()
                attachments.append(Attachment(sha256: hash, mediaType: type, bytes: bytes.count, name: "media\(i)"))
            } catch {
                logger.warning("MMS media \(i) not fetched: \(error)")
                unfetched.append(.object(["url": .string(url), "media_type": declared.map(JSONValue.string) ?? .null,
                                          "reason": .string("\(error)")]))
            }
        }
        return (attachments, unfetched)
    }

    public func referenceFollows(for contact: ContactEnvelope, receipt: ReceiptBatch.Receipt) throws -> ReplyMessage? {
        guard let to = contact.sender.address else { return nil }
        var reply = try ReplyMessage.referenceFollows(for: contact, receipt: receipt, templates: templates, templateFolder: channel,
                                                      replyChannel: channel, to: Sender(kind: .phone, address: to),
                                                      from: contact.channelData["To"]?.stringValue)
        if contact.residentAnswer != nil {
            // The answer was thanked already; only a place that is again uncertain is worth a text.
            guard let again = receipt.questions.first(where: { $0.kind == .place }) else { return nil }
            conversation.pending.ask(to, .init(caseRef: receipt.caseRef, language: contact.language, questions: [again], askedAt: Date()))
            reply.text = try templates.render(again, channel: channel, language: contact.language)
            return reply
        }
        if let question = try conversation.ask(receipt, contact: contact) { reply.text += "\n" + question }
        return reply
    }

    /// Sends through Twilio's REST API, except to a number that texted STOP (callers' notices come
    /// here too, as `reply/sms`): that reply is suppressed, not failed.
    public func deliver(_ reply: ReplyMessage) async throws {
        guard let to = reply.to.address else { throw ChannelError.deliveryFailed("the reply has no number to send to") }
        if optOuts.isOptedOut(to) {
            logger.debug("reply \(reply.id) not sent to \(to): the number texted STOP")
            throw ReplySuppressed(reason: "opted_out")
        }
        do {
            _ = try await rest.sendMessage(from: reply.from, to: to, body: reply.text)
        } catch TwilioError.rejected(let status, let body) where status == 400 && body.contains("21610") {
            // Twilio knows of a STOP we did not see (sent to another of the city's numbers, or
            // before this list existed): kept, so that the next replies are not even tried.
            try? optOuts.optOut(to)
            throw TwilioError.rejected(status: status, body: body)
        }
    }
}
