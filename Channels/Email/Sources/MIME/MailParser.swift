import CEtpan
import Foundation

/// Parses a whole RFC 5322 message with libetpan's MIME parser: the part tree, transfer decoding
/// (base64, quoted-printable), charsets to UTF-8, encoded words and RFC 2231 parameters.
public enum MailParser {
    public static func parse(_ bytes: [UInt8]) throws(MailParseError) -> ParsedMail {
        guard !bytes.isEmpty else { throw .empty }
        let headers = MailHeaders(message: bytes)
        guard !headers.fields.isEmpty else { throw .noHeaders }
        var walker = try walk(bytes)
        if walker.isEmpty, let body = body(of: bytes), !body.allSatisfy({ $0 == 10 || $0 == 13 || $0 == 32 }) {
            if walker.mediaType.hasPrefix("multipart/"), let boundary = boundary(headers), let closed = closing(bytes, boundary: boundary),
               let again = try? walk(closed), !again.isEmpty {
                // A multipart whose closing boundary is missing or mangled: closed, it parses.
                walker = again
            } else {
                // libetpan found no part it could read (a broken Content-Type): the body as it is.
                let text = Charset.fallback(body)
                if text.range(of: "<html|<body|<p>|<div", options: [.regularExpression, .caseInsensitive]) != nil {
                    walker.html.append(text)
                } else {
                    walker.plain.append(text)
                }
            }
        }
        let html = walker.html.isEmpty ? nil : walker.html.map(HTMLText.text(from:)).joined(separator: "\n\n")
        return ParsedMail(
            headers: headers,
            messageID: headers.messageIDs("Message-ID").first,
            inReplyTo: headers.messageIDs("In-Reply-To"),
            references: headers.messageIDs("References"),
            from: headers.raw("From").flatMap(MailAddress.init(header:)),
            replyTo: headers.raw("Reply-To").flatMap(MailAddress.init(header:)),
            subject: headers.text("Subject") ?? "",
            plainBody: walker.plain.isEmpty ? nil : walker.plain.joined(separator: "\n\n"),
            htmlBody: html,
            parts: walker.parts,
            mediaType: walker.mediaType)
    }

    private static func walk(_ bytes: [UInt8]) throws(MailParseError) -> PartWalker {
        var walker = PartWalker()
        let status: Int32 = bytes.withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: CChar.self) { chars -> Int32 in
                var index = 0
                var root: UnsafeMutablePointer<mailmime>?
                let r = mailmime_parse(chars.baseAddress, chars.count, &index, &root)
                guard Int(r) == MAILIMF_NO_ERROR, let root else { return r == 0 ? -1 : r }
                defer { mailmime_free(root) }
                walker.mediaType = typeString(intake_mime_message_body(root).flatMap { intake_mime_content($0) })
                if let body = intake_mime_message_body(root) { walker.walk(body) }
                return 0
            }
        }
        guard status == 0 else { throw .mime(Int(status)) }
        return walker
    }

    /// The bytes after the header block.
    static func body(of bytes: [UInt8]) -> [UInt8]? {
        var i = 0
        while i + 1 < bytes.count {
            if bytes[i] == 10 && bytes[i + 1] == 10 { return Array(bytes[(i + 2)...]) }
            if bytes[i] == 10 && bytes[i + 1] == 13 && i + 2 < bytes.count && bytes[i + 2] == 10 { return Array(bytes[(i + 3)...]) }
            i += 1
        }
        return nil
    }

    static func boundary(_ headers: MailHeaders) -> String? {
        guard let ct = headers.text("Content-Type"),
              let r = ct.range(of: #"boundary\s*=\s*"?([^";]+)"?"#, options: [.regularExpression, .caseInsensitive]) else { return nil }
        let value = ct[r].split(separator: "=", maxSplits: 1).last.map(String.init) ?? ""
        return value.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")).nilIfEmpty
    }

    /// The message with its outermost multipart closed, when it lacks the closing boundary.
    static func closing(_ bytes: [UInt8], boundary: String) -> [UInt8]? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard !text.contains("--\(boundary)--") else { return nil }
        return bytes + Array("\r\n--\(boundary)--\r\n".utf8)
    }

    static func typeString(_ content: UnsafeMutablePointer<mailmime_content>?) -> String {
        let c = intake_mime_type_string(content)!
        defer { free(c) }
        return String(cString: c)
    }
}

/// Walks libetpan's part tree, collecting bodies and files.
private struct PartWalker {
    var isEmpty: Bool { plain.isEmpty && html.isEmpty && parts.isEmpty }
    var plain: [String] = []
    var html: [String] = []
    var parts: [ParsedMail.Part] = []
    var mediaType = "text/plain"

    mutating func walk(_ m: UnsafeMutablePointer<mailmime>, depth: Int = 0) {
        guard depth < 20 else { return }
        let type = MailParser.typeString(intake_mime_content(m))
        switch Int(intake_mime_kind(m)) {
        case MAILMIME_MULTIPLE:
            let children = (0..<intake_mime_child_count(m)).compactMap { intake_mime_child(m, $0) }
            // multipart/alternative too: its plain and HTML versions both land, `bodyText` prefers
            // the plain one, and the images of an HTML version (multipart/related) are kept.
            for c in children { walk(c, depth: depth + 1) }
        case MAILMIME_MESSAGE:
            // An attached message (a forward, a bounce's returned mail): kept whole, not read as words.
            var length = 0
            if let start = intake_mime_body(m, &length) {
                let bytes = decoded(start, length, encoding: intake_mime_encoding(m))
                parts.append(.init(mediaType: type, name: parameters(m)["name"], bytes: bytes, contentID: contentID(m)))
            }
        default:
            var length = 0
            let bytes = intake_mime_body(m, &length).map { decoded($0, length, encoding: intake_mime_encoding(m)) } ?? []
            let params = parameters(m)
            let isAttachment = intake_mime_disposition(m) == 2
            if !isAttachment && type == "text/plain" {
                plain.append(Charset.decode(bytes, charset: params["charset"]))
            } else if !isAttachment && type == "text/html" {
                html.append(Charset.decode(bytes, charset: params["charset"]))
            } else {
                parts.append(.init(mediaType: type, name: params["filename"] ?? params["name"], bytes: bytes, contentID: contentID(m)))
            }
        }
    }

    private func decoded(_ start: UnsafePointer<CChar>, _ length: Int, encoding: Int32) -> [UInt8] {
        let e = Int(encoding)
        guard e == MAILMIME_MECHANISM_BASE64 || e == MAILMIME_MECHANISM_QUOTED_PRINTABLE else {
            return [UInt8](UnsafeRawBufferPointer(start: start, count: length))
        }
        var out: UnsafeMutablePointer<CChar>?
        var outLength = 0
        guard Int(intake_mime_decode(start, length, encoding, &out, &outLength)) == MAILIMF_NO_ERROR, let out else {
            return [UInt8](UnsafeRawBufferPointer(start: start, count: length))
        }
        defer { mmap_string_unref(out) }
        return [UInt8](UnsafeRawBufferPointer(start: out, count: outLength))
    }

    /// Content-Type and Content-Disposition parameters together, RFC 2231 and 2047 decoded.
    private func parameters(_ m: UnsafeMutablePointer<mailmime>) -> [String: String] {
        var raw: [(name: String, value: String)] = []
        var name: UnsafePointer<CChar>?
        var value: UnsafePointer<CChar>?
        var i: Int32 = 0
        while intake_mime_content_param(m, i, &name, &value) == 1 {
            if let name, let value { raw.append((String(cString: name), String(cString: value))) }
            i += 1
        }
        var disposition: [(name: String, value: String)] = []
        i = 0
        while intake_mime_disposition_param(m, i, &name, &value) == 1 {
            if let name, let value, name.pointee != 0 { disposition.append((String(cString: name), String(cString: value))) }
            i += 1
        }
        var result = HeaderText.parameters(raw)
        result.merge(HeaderText.parameters(disposition)) { _, new in new }
        return result
    }

    private func contentID(_ m: UnsafeMutablePointer<mailmime>) -> String? {
        intake_mime_content_id(m).map { String(cString: $0) }
    }
}

public enum MailParseError: Error, CustomStringConvertible, Equatable {
    case empty
    case noHeaders
    case noSender
    case mime(Int)

    public var description: String {
        switch self {
        case .empty: "the message is empty"
        case .noHeaders: "the message has no header fields"
        case .noSender: "the message has no From address"
        case .mime(let code): "libetpan could not parse the MIME structure (error \(code))"
        }
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
