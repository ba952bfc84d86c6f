/// Tells Spanish from English in a resident's short message, to answer in their language.
///
/// Short texts defeat statistical detectors, so this counts common function words and the
/// letters only Spanish uses; a tie stays with the default.
///
/// It reads the UTF-8 bytes once, lower-casing ASCII and Latin-1 letters as it goes, and looks
/// each word up as a packed 16-byte key: it runs for every contact on every channel.
public enum LanguageGuess {
    static let spanishWords: Set<WordKey> = keys([
        "el", "la", "los", "las", "un", "una", "de", "del", "en", "que", "y", "es", "por", "para",
        "con", "no", "hay", "esta", "está", "muy", "mi", "su", "calle", "esquina", "basura", "luz",
        "bache", "agua", "fuga", "ruido", "gracias", "hola", "favor", "pueden", "puede", "casa",
        "frente", "cerca", "entre", "desde", "semana", "días", "dias", "lleno", "roto", "rota",
        "necesito", "ayuda", "carro", "coche", "perro", "vecino", "también", "tambien", "pero",
    ])
    static let englishWords: Set<WordKey> = keys([
        "the", "a", "an", "of", "in", "on", "at", "is", "are", "there", "and", "to", "for", "with",
        "my", "our", "street", "corner", "trash", "light", "pothole", "water", "leak", "noise",
        "thanks", "thank", "hello", "please", "can", "near", "between", "week", "days", "full",
        "broken", "need", "help", "car", "dog", "neighbor", "also", "but", "it", "this", "that",
    ])

    /// `es` or `en` (BCP 47), or `fallback` when the text gives no sign either way.
    public static func language(of text: String, fallback: String = "en") -> String {
        var es = 0
        var en = 0
        var word = WordKey()
        func endWord() {
            if word.count > 0 {
                if spanishWords.contains(word) { es += 1 }
                if englishWords.contains(word) { en += 1 }
            }
            word = WordKey()
        }
        var lead: UInt8 = 0
        for byte in text.utf8 {
            if lead != 0 {
                let pair = (lead, byte)
                lead = 0
                // ñ á é í ó ú (lower case only) and ¿ ¡ are signs of Spanish.
                switch pair {
                case (0xC3, 0xB1), (0xC3, 0xA1), (0xC3, 0xA9), (0xC3, 0xAD), (0xC3, 0xB3), (0xC3, 0xBA),
                     (0xC2, 0xBF), (0xC2, 0xA1):
                    es += 2
                default:
                    break
                }
                // Latin-1 letters (not × or ÷) continue a word, lower-cased; anything else ends it.
                if pair.0 == 0xC3, pair.1 != 0x97, pair.1 != 0xB7 {
                    let lower = pair.1 >= 0x80 && pair.1 <= 0x9E ? pair.1 + 0x20 : pair.1
                    word.append(0xC3)
                    word.append(lower)
                } else if pair.0 == 0xC4 || pair.0 == 0xC5 {
                    word.append(pair.0)
                    word.append(pair.1)
                } else {
                    endWord()
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"):
                word.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                word.append(byte + 0x20)
            case 0xC2...0xC5:
                lead = byte
            case 0x80..<0xC0:
                // The rest of a longer sequence: no letter we count.
                break
            default:
                endWord()
            }
        }
        endWord()
        if es > en { return "es" }
        if en > es { return "en" }
        return fallback
    }

    /// The primary subtag of a BCP 47 tag that we have templates for, else `en`.
    public static func supported(_ tag: String) -> String {
        let primary = tag.lowercased().split(separator: "-").first.map(String.init) ?? "en"
        return primary == "es" ? "es" : "en"
    }

    static func keys(_ words: [String]) -> Set<WordKey> {
        Set(words.map { w in
            var k = WordKey()
            for b in w.utf8 { k.append(b) }
            return k
        })
    }

    /// Up to 16 bytes of a word, packed; a longer word is no key of either list.
    struct WordKey: Hashable {
        var low: UInt64 = 0
        var high: UInt64 = 0
        var count: Int = 0

        mutating func append(_ b: UInt8) {
            if count < 8 {
                low |= UInt64(b) << (8 * UInt64(count))
            } else if count < 16 {
                high |= UInt64(b) << (8 * UInt64(count - 8))
            }
            count += 1
        }
    }
}
