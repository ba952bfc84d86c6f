import Foundation
import IntakeBus
import IntakeChannel
import IntakeCore

/// "status TUC-2026-000123" in a mail's subject or first line: answered with the case's status
/// as a `reply/email` message (sent once, retried, threaded on the resident's mail like any
/// reply), and the mail is not made a contact.
struct EmailStatusAnswers: Sendable {
    let replies: StatusReplies
    let bus: MQTTClient
    let topics: TopicTree
    let ownAddress: String
    let caseReferencePrefix: String

    /// The request in the subject (without "Re:") or in the first line of the text that has words.
    func request(in mail: ParsedMail) -> StatusRequest? {
        if let r = StatusRequest.parse(EmailAnswers.bareSubject(mail.subject, ref: nil), prefix: caseReferencePrefix) { return r }
        let firstLine = mail.bodyText.split(whereSeparator: \.isNewline)
            .first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map(String.init) ?? ""
        return StatusRequest.parse(firstLine, prefix: caseReferencePrefix)
    }

    /// Queues the answer to `request` for the sender of `contact` (its thread is saved already).
    func answer(_ request: StatusRequest, contact: ContactEnvelope, to address: String) async throws {
        let text = try await replies.answer(request, channel: EmailAnswers.templateFolder, language: contact.language)
        let reply = ReplyMessage(id: "status:\(contact.id)", channel: EmailContact.channel, to: Sender(kind: .email, address: address),
                                 from: ownAddress, language: request.language == "es" ? "es" : contact.language, text: text,
                                 caseRef: request.ref, contactID: contact.id)
        try bus.send(topic: topics.reply(channel: EmailContact.channel), payload: IntakeJSON.encode(reply), qos: 1)
    }
}
