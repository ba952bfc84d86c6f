import Foundation

/// An answer to a resident as an RFC 5322 message: plain text with an HTML alternative, UTF-8,
/// base64 bodies, RFC 2047 subject, threaded (In-Reply-To, References), marked as automatic.
struct OutgoingMail: Sendable {
    var from: String
    var fromName: String?
    var to: String
    var subject: String
    var text: String
    var html: String
    var messageID: String
    var inReplyTo: String?
    var references: [String]
    var language: String
    var date = Date()

    func rendered() -> [UInt8] {
        let boundary = "=_intake311_\(UUID().uuidString.replacingOccurrences(of: "-", with: ""))"
        var h: [String] = []
        h.append("From: \(fromName.map { "\(Self.encodedWord($0)) " } ?? "")<\(from)>")
        h.append("To: <\(to)>")
        h.append("Subject: \(Self.encodedWord(subject))")
        h.append("Date: \(Self.rfc5322Date(date))")
        h.append("Message-ID: <\(messageID)>")
        if let inReplyTo { h.append("In-Reply-To: <\(inReplyTo)>") }
        if !references.isEmpty { h.append("References: " + references.map { "<\($0)>" }.joined(separator: "\r\n ")) }
        h.append("Auto-Submitted: auto-replied")
        h.append("X-Auto-Response-Suppress: All")
        h.append("Content-Language: \(language)")
        h.append("MIME-Version: 1.0")
        h.append("Content-Type: multipart/alternative; boundary=\"\(boundary)\"")
        var body = h.joined(separator: "\r\n") + "\r\n\r\n"
        for (type, content) in [("text/plain", text), ("text/html", html)] {
            body += "--\(boundary)\r\nContent-Type: \(type); charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            body += Self.base64Lines(Array(content.utf8)) + "\r\n"
        }
        body += "--\(boundary)--\r\n"
        return Array(body.utf8)
    }

    /// `=?utf-8?B?…?=` when the text is not plain ASCII, split so no word exceeds 75 characters.
    static func encodedWord(_ s: String) -> String {
        if s.allSatisfy({ $0.isASCII && $0 != "\r" && $0 != "\n" }) { return s }
        var words: [String] = []
        var chunk: [UInt8] = []
        for ch in s {
            let b = Array(String(ch).utf8)
            if chunk.count + b.count > 42 {
                words.append("=?utf-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk = []
            }
            chunk += b
        }
        if !chunk.isEmpty { words.append("=?utf-8?B?\(Data(chunk).base64EncodedString())?=") }
        return words.joined(separator: "\r\n ")
    }

    static func base64Lines(_ bytes: [UInt8]) -> String {
        let b = Data(bytes).base64EncodedString()
        var lines: [Substring] = []
        var i = b.startIndex
        while i < b.endIndex {
            let j = b.index(i, offsetBy: 76, limitedBy: b.endIndex) ?? b.endIndex
            lines.append(b[i..<j])
            i = j
        }
        return lines.joined(separator: "\r\n")
    }

    static func rfc5322Date(_ d: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return f.string(from: d)
    }
}
