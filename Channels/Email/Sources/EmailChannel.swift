import Foundation
public import IntakeChannel
public import IntakeCore
import IntakeBus
import Logging
public import ServiceLifecycle

/// Email: a 311 mailbox read over IMAP (IDLE, or polling), answers sent over SMTP.
///
/// The mailbox watcher is the adapter's service; it spools each mail as a contact before it
/// records the mail as taken, and moves it out of the inbox only after the receipt. The answer
/// (the case reference, in the subject too) goes out when the receipt comes, threaded on the
/// resident's mail; `reply/email` messages are sent the same way.
public struct EmailChannel: ChannelAdapter {
    public let channel = EmailContact.channel
    public let intake: ContactIntake
    let watcher: MailboxWatcher
    let answers: EmailAnswers
    let sender: SMTPSender?
    let limiter: AnswerLimiter
    let logger: Logger

    init(intake: ContactIntake, watcher: MailboxWatcher, answers: EmailAnswers, sender: SMTPSender?, limiter: AnswerLimiter, logger: Logger) {
        self.intake = intake
        self.watcher = watcher
        self.answers = answers
        self.sender = sender
        self.limiter = limiter
        self.logger = logger
    }

    public func services() -> [any Service] { [watcher] }

    /// Every email contact is answered here, once its receipt has come: the mail can move to the
    /// processed folder, and the resident learns the case reference.
    public func referenceFollows(for contact: ContactEnvelope, receipt: ReceiptBatch.Receipt) throws -> ReplyMessage? {
        watcher.wake()
        guard sender != nil, let to = contact.sender.address else { return nil }
        guard answers.threads.entry(contactID: contact.id)?.answered != true else { return nil }
        guard limiter.allow(to) else {
            logger.info("no answer: answer limit reached for the sender", metadata: ["contact": .string(contact.id)])
            return nil
        }
        return try answers.acknowledgement(for: contact, receipt: receipt)
    }

    public func deliver(_ reply: ReplyMessage) async throws {
        guard let sender else { throw ChannelError.deliveryFailed("INTAKE_SMTP_URL is not set") }
        let mail = try answers.mail(for: reply)
        try await sender.send(mail.rendered(), from: mail.from, to: [mail.to])
        if reply.id.hasPrefix(EmailAnswers.acknowledgementPrefix), let id = reply.contactID { answers.threads.markAnswered(contactID: id) }
        logger.info("mail sent", metadata: ["reply": .string(reply.id), "case": .string(reply.caseRef ?? "-"),
                                            "to": .string(Redacted(mail.to).description)])
    }
}
