import Foundation

/// The resident's own words from a mail body: quoted history ("On … wrote:", "El … escribió:",
/// "-----Original Message-----", Outlook's From/Sent block, `>` lines) and signatures taken out.
public enum ResidentText {
    public static func strip(_ body: String) -> String {
        let lines = body.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        var kept = lines
        if let (start, end, attribution) = quoteHeader(in: lines) {
            let before = Array(lines[..<start])
            let after = Array(lines[(end + 1)...])
            if before.contains(where: { isWords($0) }) || !attribution {
                kept = before
            } else {
                // Bottom-posted: "On … wrote:", the quote, then the answer below it.
                kept = after
            }
        }
        kept = kept.filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix(">") }
        kept = cutSignature(kept)
        let text = kept.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        // Never return nothing for a message that had words: better the quote than an empty case.
        if text.isEmpty { return body.trimmingCharacters(in: .whitespacesAndNewlines) }
        return text.replacingOccurrences(of: "\n{3,}", with: "\n\n", options: .regularExpression)
    }

    static let attributionLine = try! NSRegularExpression(
        pattern: #"^\s*(on|el|le|am|il|em|op|den)\b.{4,}\b(wrote|escribi[óo]|a [ée]crit|schrieb|ha scritto|escreveu|schreef|skrev)\s*:\s*$"#,
        options: [.caseInsensitive])
    static let separatorLine = try! NSRegularExpression(
        pattern: #"^\s*-{2,}\s*(original message|mensaje original|forwarded message|mensaje reenviado|message d'origine|urspr[üu]ngliche nachricht)\s*-{2,}\s*$"#,
        options: [.caseInsensitive])
    static let outlookFrom = try! NSRegularExpression(pattern: #"^\s*\*?(from|de|von)\s*:\*?\s+\S"#, options: [.caseInsensitive])
    static let outlookNext = try! NSRegularExpression(pattern: #"^\s*\*?(sent|date|enviado|fecha|gesendet|to|para)\s*:"#, options: [.caseInsensitive])
    static let signatureStart = try! NSRegularExpression(
        pattern: #"^\s*(sent from my|sent with|enviado desde mi|enviado con|get outlook for|obtener outlook para|sent from mail for windows|sent via)\b"#,
        options: [.caseInsensitive])

    /// Where the quoted history starts and where its header ends; `attribution` for "On … wrote:"
    /// headers (after which the answer may follow the quote).
    static func quoteHeader(in lines: [String]) -> (Int, Int, Bool)? {
        for (i, line) in lines.enumerated() {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.isEmpty { continue }
            if matches(separatorLine, t) || t.range(of: #"^_{10,}$"#, options: .regularExpression) != nil { return (i, i, false) }
            if matches(attributionLine, t) { return (i, i, true) }
            // The attribution wrapped over two or three lines.
            for span in 1...2 where i + span < lines.count {
                let joined = lines[i...(i + span)].map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
                if t.range(of: #"^(on|el|le|am)\b"#, options: [.regularExpression, .caseInsensitive]) != nil, matches(attributionLine, joined) {
                    return (i, i + span, true)
                }
            }
            if matches(outlookFrom, t), lines[(i + 1)...].prefix(4).contains(where: { matches(outlookNext, $0) }) { return (i, i, false) }
            // Any line ending in ':' followed by quoted lines: an attribution in another language.
            if t.hasSuffix(":"), let next = lines[(i + 1)...].first(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }),
               next.trimmingCharacters(in: .whitespaces).hasPrefix(">"), t.contains("@") || t.range(of: #"\d"#, options: .regularExpression) != nil {
                // Wrapped: "02.04.2012 14:20 user "bob@x" <" / "bob@x> написал:".
                if i > 0, let prev = lines[i - 1].trimmingCharacters(in: .whitespaces).last, ["<", "\"", ","].contains(prev) {
                    return (i - 1, i, true)
                }
                return (i, i, true)
            }
        }
        return nil
    }

    static func cutSignature(_ lines: [String]) -> [String] {
        for (i, line) in lines.enumerated() {
            if line == "-- " || line == "--" || line == "—" || matches(signatureStart, line) { return Array(lines[..<i]) }
        }
        return lines
    }

    private static func isWords(_ line: String) -> Bool {
        let t = line.trimmingCharacters(in: .whitespaces)
        return !t.isEmpty && !t.hasPrefix(">")
    }

    private static func matches(_ re: NSRegularExpression, _ s: String) -> Bool {
        re.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil
    }
}
