public import Foundation
public import IntakeChannel
public import IntakeCore

/// Turns a parsed mail into a contact.
public enum EmailContact {
    public static let channel = "email"
    public static let adapter = "imap-email"

    /// The contact id: from the Message-ID, so the same mail delivered twice is one contact; a
    /// hash of the whole message when it has none.
    public static func contactID(messageID: String?, raw: [UInt8]) -> String {
        if let id = messageID, !id.isEmpty { return "email:m" + BlobStore.sha256(Array(id.lowercased().utf8)).prefix(40) }
        return "email:h" + BlobStore.sha256(raw).prefix(40)
    }

    /// The case this mail follows up, if any: a reference in the subject, then our answer's id in
    /// In-Reply-To/References, then one in the resident's own words.
    public static func followedCase(_ mail: ParsedMail, text: String, prefix: String) -> String? {
        CaseRefText.first(in: mail.subject, prefix: prefix)
            ?? AnswerMessageID.caseRef(in: mail.references + mail.inReplyTo, prefix: prefix)
            ?? CaseRefText.first(in: text, prefix: prefix)
    }

    public static func envelope(
        mail: ParsedMail, raw: [UInt8], attachments: [Attachment], caseReferencePrefix: String,
        receivedAt: Date = Date(), extra: [String: JSONValue] = [:]
    ) -> ContactEnvelope {
        let words = ResidentText.strip(mail.bodyText)
        let text = String(words.prefix(100_000))
        let language = LanguageGuess.language(of: mail.subject + "\n" + text)
        let thread = mail.references.first ?? mail.inReplyTo.first ?? mail.messageID
        var data: [String: JSONValue] = extra
        data["subject"] = .string(String(mail.subject.prefix(1000)))
        if let m = mail.messageID { data["message_id"] = .string(m) }
        if !mail.inReplyTo.isEmpty { data["in_reply_to"] = .array(mail.inReplyTo.map(JSONValue.string)) }
        if !mail.references.isEmpty { data["references"] = .array(mail.references.suffix(20).map(JSONValue.string)) }
        if let d = mail.headers.text("Date") { data["date"] = .string(d) }
        if let to = mail.headers.text("To") { data["to"] = .string(String(to.prefix(1000))) }
        data["media_type"] = .string(mail.mediaType)
        if mail.plainBody == nil && mail.htmlBody != nil { data["html_only"] = .bool(true) }
        return ContactEnvelope(
            id: contactID(messageID: mail.messageID, raw: raw),
            channel: channel,
            adapter: adapter,
            externalID: mail.messageID.map { String($0.prefix(500)) },
            receivedAt: receivedAt,
            sender: Sender(kind: .email, address: mail.from?.address, name: mail.from?.name),
            conversation: thread.map { String("email:\($0)".prefix(500)) },
            caseRef: followedCase(mail, text: text, prefix: caseReferencePrefix),
            language: language,
            text: text,
            location: StreetAddress.first(in: text).map { Location(text: $0, source: .resident) },
            attachments: attachments,
            channelData: data)
    }
}
