import Foundation
import IntakeChannel
import IntakeCore

/// Builds the mails the centre sends: the acknowledgement with the case reference, and any
/// `reply/email` message, each as plain text with an HTML alternative from `Templates/email/`.
struct EmailAnswers: Sendable {
    static let templateFolder = "email"
    static let templateNames = ["received", "subject", "message-html", "emergency-advice"]
    static let acknowledgementPrefix = "ack:"

    let templates: TemplateLibrary
    let ownAddress: String
    let senderName: String?
    let threads: ThreadIndex
    /// A mail that sounds like an emergency gets the emergency reply (sent by the enrich stage at
    /// once, `reply/email`) and not the ordinary thank-you.
    var emergencyScreen: (any EmergencyScreen)? = nil

    /// The acknowledgement for a contact whose receipt came.
    func acknowledgement(for contact: ContactEnvelope, receipt: ReceiptBatch.Receipt) throws -> ReplyMessage? {
        guard let to = contact.sender.address else { return nil }
        if emergencyScreen?.emergencyMatch(in: contact.text) != nil { return nil }
        let text = try templates.render(channel: Self.templateFolder, name: "received", language: contact.language,
                                        ["ref": receipt.caseRef, "linked": receipt.outcome == .linked])
        return ReplyMessage(id: "\(Self.acknowledgementPrefix)\(contact.id)", channel: EmailContact.channel, to: Sender(kind: .email, address: to),
                            from: ownAddress, language: contact.language, text: text, caseRef: receipt.caseRef, contactID: contact.id)
    }

    /// The resident's subject without "Re:"/"AW:"/"RV:" prefixes or the reference we add again.
    static func bareSubject(_ subject: String, ref: String?) -> String {
        var s = subject
        if let ref { s = s.replacingOccurrences(of: "[\(ref)]", with: "") }
        while let r = s.range(of: #"^\s*(re|aw|rv|fw|fwd|res)\s*:\s*"#, options: [.regularExpression, .caseInsensitive]) {
            s.removeSubrange(r)
        }
        return String(s.trimmingCharacters(in: .whitespaces).prefix(200))
    }

    /// A reply as a mail: threaded on the resident's message when it is known.
    func mail(for reply: ReplyMessage) throws -> OutgoingMail {
        guard let to = reply.to.address, to.contains("@") else { throw ChannelError.deliveryFailed("the reply has no email address") }
        let thread = reply.contactID.flatMap { threads.entry(contactID: $0) }
        let original = Self.bareSubject(thread?.subject ?? "", ref: reply.caseRef)
        let subject = try templates.render(channel: Self.templateFolder, name: "subject", language: reply.language,
                                           ["ref": reply.caseRef ?? "", "hasRef": reply.caseRef != nil,
                                            "original": original, "hasOriginal": !original.isEmpty])
        let paragraphs = reply.text.components(separatedBy: "\n\n").map { p in ["lines": p.components(separatedBy: "\n")] }
        let html = try templates.render(channel: Self.templateFolder, name: "message-html", language: reply.language,
                                        ["paragraphs": paragraphs, "ref": reply.caseRef ?? "", "lang": reply.language])
        let domain = ownAddress.split(separator: "@").last.map(String.init) ?? "intake311.invalid"
        var references = thread?.references ?? []
        if let m = thread?.messageID { references.append(m) }
        return OutgoingMail(
            from: ownAddress, fromName: senderName, to: thread?.answerTo ?? to, subject: subject.replacingOccurrences(of: "\n", with: " "),
            text: reply.text, html: html, messageID: AnswerMessageID.make(caseRef: reply.caseRef, domain: domain),
            inReplyTo: thread?.messageID, references: Array(references.suffix(10)), language: reply.language)
    }
}
