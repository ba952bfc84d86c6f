import Foundation

/// Reads a caller's short spoken answers (yes or no, a language) in English and Spanish.
public enum SpokenAnswer {
    static let yes: Set<Substring> = ["yes", "yeah", "yep", "correct", "right", "si", "correcto", "exacto", "claro", "ok", "okay"]
    static let no: Set<Substring> = ["no", "nope", "wrong", "incorrect", "incorrecto", "equivocado"]

    /// True for yes (or key 1), false for no (or key 2), nil for anything else.
    public static func confirmation(_ answer: CallAnswer) -> Bool? {
        if let d = answer.digits?.first {
            return d == "1" ? true : d == "2" ? false : nil
        }
        guard let speech = answer.speech else { return nil }
        let words = words(of: speech)
        let saysNo = words.contains { no.contains($0) }
        let saysYes = words.contains { yes.contains($0) }
        // "No, that's not right" and "yes… no" both mean the caller wants to say it again.
        if saysNo { return false }
        return saysYes ? true : nil
    }

    /// Lowercased words without accents or apostrophes ("Can't" → "cant", "Está" → "esta").
    static func words(of text: String) -> [Substring] {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .replacingOccurrences(of: "'", with: "")
            .replacingOccurrences(of: "\u{2019}", with: "")
        return folded.split(whereSeparator: { !($0.isLetter || $0.isNumber) })
    }

    /// `es` or `en` when the caller named a language ("español", "Spanish", "English").
    public static func language(_ speech: String) -> String? {
        let words = words(of: speech)
        if words.contains(where: { $0 == "espanol" || $0 == "spanish" }) { return "es" }
        if words.contains(where: { $0 == "english" || $0 == "ingles" }) { return "en" }
        return nil
    }
}
