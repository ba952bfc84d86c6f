/// A message as the channel needs it: who, what about, which thread, the words, the files.
public struct ParsedMail: Sendable {
    /// A file in the message, decoded from its transfer encoding, byte-exact.
    public struct Part: Sendable, Equatable {
        public var mediaType: String
        public var name: String?
        public var bytes: [UInt8]
        public var contentID: String?
    }

    public var headers: MailHeaders
    /// Without angle brackets.
    public var messageID: String?
    public var inReplyTo: [String]
    public var references: [String]
    public var from: MailAddress?
    public var replyTo: MailAddress?
    public var subject: String
    /// The text/plain body (or bodies), in UTF-8.
    public var plainBody: String?
    /// The text/html body turned into text, when there is one.
    public var htmlBody: String?
    public var parts: [Part]
    /// The top-level type, such as `multipart/mixed` or `multipart/report` (a bounce).
    public var mediaType: String

    /// What the resident wrote, before quotes and signatures are taken out: the plain body, or
    /// the HTML one as text when there is no plain one.
    public var bodyText: String {
        if let p = plainBody, !p.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return p }
        return htmlBody ?? plainBody ?? ""
    }

    /// Where to send an answer: Reply-To, else From.
    public var answerAddress: MailAddress? { replyTo ?? from }
}

import Foundation
