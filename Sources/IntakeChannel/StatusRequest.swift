public import IntakeCore

/// "status TUC-2026-000123", "estado TUC-2026-000123": a resident asking how their case stands,
/// read the same way on every text channel (SMS, WhatsApp, web chat, email, Telegram).
///
/// Tolerant of case, punctuation, a leading `/`, a reference without hyphens
/// (`TUC2026000123`, `tuc 2026 123`) or without its letters (`status 2026-000123`), and of a few
/// words around it ("what is the status of case TUC-…?", "¿cuál es el estado de mi caso …?").
/// Anything else in the message makes it not a request: it is read as a report, as before.
public struct StatusRequest: Sendable, Equatable {
    /// The reference asked about; nil when the word came alone ("status"): the resident is told how to ask.
    public var ref: String?
    /// `es` when the request was worded in Spanish, `en` when in English, nil when it cannot tell.
    public var language: String?

    public init(ref: String?, language: String?) {
        self.ref = ref
        self.language = language
    }

    static let englishWords: Set<String> = ["status"]
    static let spanishWords: Set<String> = ["estado", "estatus"]
    /// Words that may stand around the request without making it something else.
    static let englishFiller: Set<String> = ["what", "whats", "what's", "is", "the", "of", "for", "on", "my", "case", "report",
                                             "check", "please", "request", "number", "#"]
    static let spanishFiller: Set<String> = ["cuál", "cual", "qué", "que", "es", "el", "la", "del", "de", "mi", "caso", "reporte",
                                             "por", "favor", "número", "numero", "consultar", "ver"]

    /// The request in `text`, or nil when the message is not one. `prefix` is the letters of a
    /// case reference (`INTAKE_CASE_PREFIX`).
    public static func parse(_ text: String, prefix: String) -> StatusRequest? {
        // Nearly every message is a report: one without the keyword is let go on a byte scan.
        guard mentionsKeyword(text) else { return nil }
        let lowered = text.lowercased()
        // The first line only: an email's signature or a quoted thread must not hide the request.
        let firstLine = lowered.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let words = firstLine.split(whereSeparator: { $0.isWhitespace || ",.:;?!¿¡()".contains($0) })
            .map { $0.hasPrefix("/") ? String($0.dropFirst()) : String($0) }
            .filter { !$0.isEmpty }
        guard let keyword = words.firstIndex(where: { englishWords.contains($0) || spanishWords.contains($0) }) else { return nil }
        let spanish = spanishWords.contains(words[keyword]) || words.contains { spanishFiller.contains($0) && !englishFiller.contains($0) }
        let english = englishWords.contains(words[keyword]) && !spanish
        let language: String? = spanish ? "es" : english ? "en" : nil

        let rest = words.enumerated().filter { $0.offset != keyword }.map(\.element)
        var referenceParts: [String] = []
        for w in rest {
            if englishFiller.contains(w) || spanishFiller.contains(w) { continue }
            referenceParts.append(w)
        }
        if referenceParts.isEmpty { return StatusRequest(ref: nil, language: language) }
        guard let ref = reference(referenceParts.joined(separator: "-"), prefix: prefix) else { return nil }
        return StatusRequest(ref: ref.description, language: language)
    }

    /// Whether `status` or `estado` (so `estatus` too) occurs in `text`, in any case of ASCII
    /// letters. No other letter lower-cases to these, so a message without them is no request.
    static func mentionsKeyword(_ text: String) -> Bool {
        // The last six bytes read, lower-cased, packed into one integer: no allocation per message.
        let mask: UInt64 = 0xFFFF_FFFF_FFFF
        let status = packed("status"), estado = packed("estado")
        var window: UInt64 = 0
        for byte in text.utf8 {
            let lower = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
            window = (window << 8 | UInt64(lower)) & mask
            if window == status || window == estado { return true }
        }
        return false
    }

    private static func packed(_ word: StaticString) -> UInt64 {
        var value: UInt64 = 0
        word.withUTF8Buffer { for b in $0 { value = value << 8 | UInt64(b) } }
        return value
    }

    /// `tuc-2026-000123`, `tuc2026000123`, `tuc-2026000123`, `2026-000123`, `2026000123`: the parts
    /// are the letters (optional; they must be `prefix`), four digits of year, and the number.
    public static func reference(_ text: String, prefix: String) -> CaseReference? {
        let p = prefix.uppercased()
        var s = Substring(text.uppercased().filter { $0 != "#" })
        if s.first?.isLetter == true {
            let letters = s.prefix { $0.isLetter }
            guard letters == p else { return nil }
            s = s.dropFirst(letters.count)
        }
        let groups = s.split(whereSeparator: { $0 == "-" || $0 == " " })
        guard groups.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        let year: Substring, number: Substring
        switch groups.count {
        case 1 where groups[0].count >= 5:
            // Digits only, as keyed on a phone: four of year, then the number.
            (year, number) = (groups[0].prefix(4), groups[0].dropFirst(4))
        case 2 where groups[0].count == 4:
            (year, number) = (groups[0], groups[1])
        default:
            return nil
        }
        guard number.count <= 10, let y = Int(year), (2000...2099).contains(y), let n = Int(number), n > 0 else { return nil }
        return CaseReference(prefix: p, year: y, number: n)
    }
}
