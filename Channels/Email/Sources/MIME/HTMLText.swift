import Foundation

/// An HTML body as plain text: blocks become lines, quoted history (`<blockquote>`, Gmail's and
/// Outlook's quote containers) is marked with `>` so that the text stripper drops it, entities
/// are decoded, scripts and styles dropped.
enum HTMLText {
    static func text(from html: String) -> String {
        var s = html
        for dropped in ["head", "style", "script", "title"] {
            s = s.replacingOccurrences(of: "<\(dropped)\\b[\\s\\S]*?</\(dropped)\\s*>", with: "", options: [.regularExpression, .caseInsensitive])
        }
        s = s.replacingOccurrences(of: "<!--[\\s\\S]*?-->", with: "", options: .regularExpression)
        // Quoted history: everything inside is prefixed with a quote marker line by line below.
        s = s.replacingOccurrences(of: "<blockquote\\b[^>]*>", with: "\n\u{1}", options: [.regularExpression, .caseInsensitive])
        s = s.replacingOccurrences(of: "</blockquote\\s*>", with: "\u{2}\n", options: [.regularExpression, .caseInsensitive])
        s = s.replacingOccurrences(of: "<div[^>]*class=\"?(gmail_quote|yahoo_quoted)[^>]*>", with: "\n\u{1}", options: [.regularExpression, .caseInsensitive])
        s = s.replacingOccurrences(of: "<(br|/p|/div|/li|/tr|/h[1-6]|/table|hr)\\b[^>]*>", with: "\n", options: [.regularExpression, .caseInsensitive])
        s = s.replacingOccurrences(of: "<li\\b[^>]*>", with: "\n- ", options: [.regularExpression, .caseInsensitive])
        s = s.replacingOccurrences(of: "<(p|div|tr|h[1-6])\\b[^>]*>", with: "\n", options: [.regularExpression, .caseInsensitive])
        s = s.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
        s = decodeEntities(s)
        // Mark quoted lines, depth-aware.
        var depth = 0
        var lines: [String] = []
        for rawLine in s.components(separatedBy: "\n") {
            var line = ""
            var lineDepth = depth
            for ch in rawLine {
                if ch == "\u{1}" { depth += 1; lineDepth = max(lineDepth, depth) } else if ch == "\u{2}" { depth = max(0, depth - 1) } else { line.append(ch) }
            }
            let trimmed = line.replacingOccurrences(of: "[ \\t\\x{00A0}]+", with: " ", options: .regularExpression)
                .trimmingCharacters(in: .whitespaces)
            lines.append(lineDepth > 0 && !trimmed.isEmpty ? "> " + trimmed : trimmed)
        }
        // At most one empty line in a row.
        var out: [String] = []
        for l in lines where !(l.isEmpty && (out.last?.isEmpty ?? true)) { out.append(l) }
        return out.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{00A0}", "ntilde": "ñ", "Ntilde": "Ñ",
        "aacute": "á", "eacute": "é", "iacute": "í", "oacute": "ó", "uacute": "ú", "Aacute": "Á", "Eacute": "É",
        "Iacute": "Í", "Oacute": "Ó", "Uacute": "Ú", "uuml": "ü", "iexcl": "¡", "iquest": "¿", "copy": "©",
        "reg": "®", "mdash": "—", "ndash": "–", "hellip": "…", "rsquo": "’", "lsquo": "‘", "rdquo": "”", "ldquo": "“",
        "euro": "€", "deg": "°", "middot": "·", "bull": "•", "laquo": "«", "raquo": "»",
    ]

    static func decodeEntities(_ s: String) -> String {
        guard s.contains("&") else { return s }
        var out = ""
        var i = s.startIndex
        while i < s.endIndex {
            if s[i] == "&", let semi = s[i...].prefix(12).firstIndex(of: ";") {
                let entity = s[s.index(after: i)..<semi]
                var replacement: String?
                if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
                    replacement = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
                } else if entity.hasPrefix("#") {
                    replacement = UInt32(entity.dropFirst()).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
                } else {
                    replacement = named[String(entity)]
                }
                if let replacement {
                    out += replacement
                    i = s.index(after: semi)
                    continue
                }
            }
            out.append(s[i])
            i = s.index(after: i)
        }
        return out
    }
}
