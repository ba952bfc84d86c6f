/// Splits what residents type into lowercase ASCII tokens, with accents folded.
///
/// "Esquina de Stone y Congress" and "ESQUINA DE STONE Y CONGRESS" give the same tokens, and so do
/// "está" and "esta". One pass over the UTF-8 bytes, no regular expressions and no locale: this
/// runs for every contact on the hot path.
public enum FoldedText {
    /// Tokens of letters and digits. `&`, `@` and `/` become tokens of their own (they join street
    /// names in intersections); apostrophes vanish ("O'Meara" → "omeara"); a hyphen stays inside a
    /// token that starts with a digit ("120-122", "9-9A", "65B-69"); everything else separates.
    public static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        tokens.reserveCapacity(12)
        var current: [UInt8] = []
        current.reserveCapacity(24)
        let bytes = Array(text.utf8)
        var i = 0

        @inline(__always) func flush() {
            if !current.isEmpty {
                tokens.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            }
        }

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
                i += 1
            case UInt8(ascii: "-"):
                if let first = current.first, first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9"),
                   i + 1 < bytes.count, isAlphanumeric(bytes[i + 1]) {
                    current.append(b)
                } else {
                    flush()
                }
                i += 1
            case UInt8(ascii: "&"), UInt8(ascii: "@"), UInt8(ascii: "/"):
                flush()
                tokens.append(String(UnicodeScalar(b)))
                i += 1
            case 0xC3 where i + 1 < bytes.count:
                if let folded = latin1Fold(bytes[i + 1]) {
                    current.append(contentsOf: folded)
                } else {
                    flush()
                }
                i += 2
            case 0xE2 where i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0x98 || bytes[i + 2] == 0x99):
                // Typographic apostrophes, as phones insert them.
                i += 3
            default:
                flush()
                i += utf8Length(b)
            }
        }
        flush()
        return tokens
    }

    /// The tokens joined by single spaces: a canonical key for a phrase.
    public static func key(_ text: String) -> String {
        tokens(text).joined(separator: " ")
    }

    @inline(__always)
    static func isAlphanumeric(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }

    /// How many bytes the UTF-8 sequence starting with `lead` has.
    @inline(__always)
    public static func utf8Length(_ lead: UInt8) -> Int {
        switch lead {
        case 0..<0x80: 1
        case 0xC0..<0xE0: 2
        case 0xE0..<0xF0: 3
        case 0xF0...: 4
        default: 1
        }
    }

    /// ASCII for the Latin-1 letters encoded as C3 xx (À…ÿ); nil for × and ÷. Triage's
    /// tokenizer folds with it too, so that rules, reports and places are compared in one form.
    @inline(__always)
    public static func latin1Fold(_ second: UInt8) -> ArraySlice<UInt8>? {
        let index = Int(second) - 0x80
        guard index >= 0, index < latin1Table.count, !latin1Table[index].isEmpty else { return nil }
        return latin1Table[index]
    }

    /// Index = second byte − 0x80: À Á Â Ã Ä Å Æ Ç È É Ê Ë Ì Í Î Ï Ð Ñ Ò Ó Ô Õ Ö × Ø Ù Ú Û Ü Ý Þ ß
    /// then the lowercase run à … ÿ.
    static let latin1Table: [ArraySlice<UInt8>] = [
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
        "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss",
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
        "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",
    ].map { ArraySlice($0.utf8) }
}
