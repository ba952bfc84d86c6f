import Foundation

/// Words that turn a 311 call into a 911 transfer at once, in English and Spanish.
///
/// Deliberately small and local to the IVR: it runs on every utterance of a live call, where a
/// miss costs more than a needless transfer. The enrich stage has its own, fuller triage for
/// written contacts. Matching is on whole words, ignoring case and accents ("está" = "esta"), so
/// "fire" matches "Fire!" but not "firewood"; a few everyday 311 phrases ("fire hydrant") are
/// set aside first.
public struct EmergencyWords: Sendable {
    public struct Match: Sendable, Equatable {
        /// The kind of emergency: `fire`, `weapon`, `breathing`, `chest_pain`, `injury_crash`, `gas_leak`.
        public var kind: String
        /// The words that matched, normalized.
        public var words: String
    }

    /// One kind of emergency: it matches when every group has one of its phrases in the text.
    struct Rule: Sendable {
        var kind: String
        var groups: [[[Substring]]]

        init(_ kind: String, _ groups: [String]...) {
            self.kind = kind
            self.groups = groups.map { $0.map { $0.split(separator: " ") } }
        }
    }

    static let rules: [Rule] = [
        Rule("fire", ["fire", "on fire", "house fire", "incendio", "fuego", "se esta quemando", "se quema"]),
        Rule("weapon", ["gun", "guns", "gunshot", "gunshots", "shooting", "shots fired", "been shot", "got shot", "was shot",
                        "pistola", "arma", "armas", "disparos", "disparando", "balazos", "balacera", "tiroteo"]),
        Rule("breathing", ["not breathing", "isnt breathing", "stopped breathing", "cant breathe", "cannot breathe",
                           "no respira", "no puede respirar", "no esta respirando", "dejo de respirar"]),
        Rule("chest_pain", ["chest pain", "chest pains", "heart attack",
                            "dolor de pecho", "dolor en el pecho", "ataque al corazon", "infarto"]),
        Rule("injury_crash", ["crash", "car crash", "accident", "collision", "wreck", "choque", "accidente", "chocaron"],
             ["injured", "injuries", "injury", "hurt", "bleeding", "herido", "heridos", "herida", "heridas",
              "lesionado", "lesionados", "lesionada", "sangrando"]),
        Rule("gas_leak", ["gas leak", "leaking gas", "smell gas", "smell of gas", "gas smell", "fuga de gas",
                          "escape de gas", "huele a gas", "olor a gas"]),
    ]

    /// Everyday 311 phrases that contain an emergency word but are not emergencies.
    static let setAside: [[Substring]] = [
        "fire hydrant", "fire hydrants", "fire station", "fire department", "fire lane", "fire pit", "fire ant", "fire ants",
        "hidrante", "boca de incendio", "boca de incendios", "estacion de bomberos",
    ].map { $0.split(separator: " ") }

    public init() {}

    /// The first emergency the text speaks of, or nil.
    public func match(_ text: String) -> Match? {
        var words = Self.words(of: text)
        for phrase in Self.setAside {
            var i = 0
            while i + phrase.count <= words.count {
                if words[i..<(i + phrase.count)].elementsEqual(phrase) {
                    words.replaceSubrange(i..<(i + phrase.count), with: [])
                } else {
                    i += 1
                }
            }
        }
        for rule in Self.rules {
            var matched: [String] = []
            for group in rule.groups {
                guard let phrase = group.first(where: { Self.contains(words, $0) }) else { break }
                matched.append(phrase.joined(separator: " "))
            }
            if matched.count == rule.groups.count {
                return Match(kind: rule.kind, words: matched.joined(separator: " + "))
            }
        }
        return nil
    }

    /// Lowercased words without accents or apostrophes ("Can't" → "cant", "Está" → "esta").
    static func words(of text: String) -> [Substring] {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .replacingOccurrences(of: "'", with: "")
            .replacingOccurrences(of: "\u{2019}", with: "")
        return folded.split(whereSeparator: { !($0.isLetter || $0.isNumber) })
    }

    static func contains(_ words: [Substring], _ phrase: [Substring]) -> Bool {
        guard phrase.count <= words.count else { return false }
        for i in 0...(words.count - phrase.count) where words[i..<(i + phrase.count)].elementsEqual(phrase) {
            return true
        }
        return false
    }
}
