import IntakeLocate
/// One word of a resident's text as triage reads it.
public struct TriageToken: Sendable, Equatable {
    /// Lowercase, accents off, contractions written out ("isn't" → "is", "not").
    public var word: String
    /// The first word after punctuation that ends a clause (. , ; : ! ? and the like).
    public var startsClause: Bool

    public init(_ word: String, startsClause: Bool = false) {
        self.word = word
        self.startsClause = startsClause
    }
}

/// The one tokenizer of triage, emergencies and duplicate text: folds case and accents, writes
/// out English contractions, and remembers where punctuation broke a clause (negation stops there).
/// Positions are indices in the returned array.
public enum TriageTokenizer {
    public static func tokens(_ text: String) -> [TriageToken] {
        var marks = 0
        return tokens(text, spanishMarks: &marks)
    }

    /// The tokens, and in `spanishMarks` how many letters and signs only Spanish uses (ñ, á, é,
    /// í, ó, ú, ¿, ¡) the text had: a sign of its language that folding erases.
    static func tokens(_ text: String, spanishMarks: inout Int) -> [TriageToken] {
        var out: [TriageToken] = []
        out.reserveCapacity(16)
        var current: [UInt8] = []
        current.reserveCapacity(24)
        var apostrophe: Int?
        var clauseBreak = true
        let bytes = Array(text.utf8)

        func flush() {
            guard !current.isEmpty else { apostrophe = nil; return }
            if apostrophe == current.count { apostrophe = nil }
            let word = String(decoding: current, as: UTF8.self)
            if apostrophe == nil, Contractions.bare[word] == nil {
                out.append(TriageToken(word, startsClause: clauseBreak))  // the common case
            } else {
                let at = apostrophe.map { word.utf8.index(word.utf8.startIndex, offsetBy: $0) }
                var first = true
                for w in Contractions.expand(word, apostrophe: at) where !w.isEmpty {
                    out.append(TriageToken(w, startsClause: first && clauseBreak))
                    first = false
                }
            }
            clauseBreak = false
            current.removeAll(keepingCapacity: true)
            apostrophe = nil
        }
        func endClause() {
            flush()
            clauseBreak = true
        }

        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                current.append(b)
                i += 1
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                current.append(b | 0x20)
                i += 1
            case UInt8(ascii: "'"):
                if !current.isEmpty, apostrophe == nil { apostrophe = current.count } else { flush() }
                i += 1
            case 0xE2 where i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0x98 || bytes[i + 2] == 0x99):
                // Typographic apostrophes, as phones insert them.
                if !current.isEmpty, apostrophe == nil { apostrophe = current.count } else { flush() }
                i += 3
            case 0xC3 where i + 1 < bytes.count:
                // ñ á é í ó ú, either case
                if [0xB1, 0x91, 0xA1, 0x81, 0xA9, 0x89, 0xAD, 0x8D, 0xB3, 0x93, 0xBA, 0x9A].contains(bytes[i + 1]) { spanishMarks += 1 }
                if let folded = FoldedText.latin1Fold(bytes[i + 1]) { current.append(contentsOf: folded) } else { flush() }
                i += 2
            case 0xC2 where i + 1 < bytes.count && (bytes[i + 1] == 0xBF || bytes[i + 1] == 0xA1):
                spanishMarks += 1
                endClause()  // ¿ ¡
                i += 2
            case UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "!"),
                 UInt8(ascii: "?"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\n"):
                endClause()
                i += 1
            default:
                flush()
                i += FoldedText.utf8Length(b)
            }
        }
        flush()
        return out
    }

    /// The words alone.
    public static func words(_ text: String) -> [String] {
        tokens(text).map(\.word)
    }
}
