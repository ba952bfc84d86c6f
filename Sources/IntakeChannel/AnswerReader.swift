import Foundation
public import IntakeCore

/// Reads a resident's next message as the answer to the question they were asked, when it is one:
/// a number or a category's name for "which problem", yes / no or another address for "did you
/// mean". Anything else is not an answer, and is read as the new message it is.
public enum AnswerReader {
    public enum Reading: Sendable, Equatable {
        /// A category was chosen ("something else" included).
        case category(String)
        /// The place asked about is right.
        case placeConfirmed
        /// The place asked about is wrong, and no other was given.
        case placeRefused
        /// Another address was sent in its place.
        case newAddress
        case notAnAnswer
    }

    static let yes: Set<String> = ["yes", "y", "yeah", "yea", "yep", "yup", "ok", "okay", "correct", "right", "si", "s", "claro",
                                   "correcto", "exacto", "eso", "sip", "afirmativo", "yes correct", "si correcto", "si es", "yes it is",
                                   "thats it", "that is it", "si esa", "esa es"]
    static let no: Set<String> = ["no", "n", "nope", "nah", "wrong", "incorrect", "not that", "no es", "incorrecto", "equivocado", "esa no"]
    static let somethingElse: Set<String> = ["other", "something else", "else", "none", "neither", "otro", "otra", "otra cosa", "algo mas",
                                             "ninguno", "ninguna"]
    /// Words that make a message an address: a street type or an anchor word of a crossing.
    static let addressWords: Set<String> = ["st", "street", "ave", "avenue", "av", "blvd", "rd", "road", "dr", "drive", "ln", "way",
                                            "calle", "avenida", "and", "y", "&", "esquina", "corner", "pl", "ct", "hwy"]

    public static func read(_ text: String, for question: ResidentQuestion) -> Reading {
        let words = folded(text)
        let phrase = words.joined(separator: " ")
        switch question.kind {
        case .category:
            if words.count == 1, let n = Int(words[0]) {
                if (1...question.options.count).contains(n) { return .category(question.options[n - 1].id) }
                if n == question.options.count + 1, let other = question.other { return .category(other.id) }
                return .notAnAnswer
            }
            if somethingElse.contains(phrase), let other = question.other { return .category(other.id) }
            if let o = question.options.first(where: { folded($0.label).joined(separator: " ") == phrase || $0.id == phrase.replacingOccurrences(of: " ", with: "_") }) {
                return .category(o.id)
            }
            return .notAnAnswer
        case .place:
            if yes.contains(phrase) { return .placeConfirmed }
            if no.contains(phrase) { return .placeRefused }
            let hasNumber = words.contains { $0.contains(where: \.isNumber) }
            let hasStreetWord = words.contains { addressWords.contains($0) }
            // "no, 220 E 5th St" is another address; so is "Oracle and Roger". A longer message
            // is a report of its own, even with a street in it.
            if words.count >= 2, hasNumber && words.count <= 8 || hasStreetWord && words.count <= 5 { return .newAddress }
            return .notAnAnswer
        }
    }

    /// The address in a message read as `.newAddress`, without a leading "no" ("no, 220 E 5th St").
    public static func addressText(_ text: String) -> String {
        var rest = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
        if let first = rest.split(whereSeparator: { !$0.isLetter }).first, no.contains(folded(String(first)).joined()) {
            rest = rest.dropFirst(first.count).drop { !$0.isLetter && !$0.isNumber }
        }
        return String(rest)
    }

    /// Lowercase words without accents or punctuation ("¡Sí!" → ["si"]), "&" kept.
    static func folded(_ text: String) -> [String] {
        let plain = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        var words: [String] = []
        var current = ""
        for ch in plain {
            if ch.isLetter || ch.isNumber {
                current.append(ch)
            } else {
                if !current.isEmpty { words.append(current); current = "" }
                if ch == "&" { words.append("&") }
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }
}
