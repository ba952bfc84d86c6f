/// Reads a text against every phrase of the rules: tokenizes it (`TriageTokenizer`), matches the
/// phrases on stems with one typo tolerated (`LanguageMatcher`), then applies what the words
/// around a phrase say about it: senses, emergency.ignore and negation.
///
/// Negation: a negator ("no", "nobody", "nadie", …) reaches `negation.window` words forward,
/// stopping at punctuation and at clause words ("but", "pero"). An emergency phrase of either
/// tier starting in its reach is cancelled ("nobody was injured"). A phrase written starting with
/// a negator ("no plates", "not breathing") is stored without it and matches only in the reach of
/// any negator ("does not have plates", "isn't breathing"). Category phrases written without a
/// negator are not cancelled: residents report missing service in the negative ("no trash
/// pickup", "the light is not working").
struct WordReader: Sendable {
    enum Meaning: Sendable, Equatable {
        case category(Int)
        case emergency
        case possible
        case need(Int)
    }

    /// What a payload of the tries stands for.
    fileprivate enum Role: Sendable {
        case meaning(Meaning)
        case ignore
        case sense(Int)
        case senseWith(Int)
        case senseInside(Int)
    }

    fileprivate struct Payload: Sendable {
        var role: Role
        /// The phrase as written in the rules.
        var phrase: String
        /// Written starting with a negator, which was left out of the trie.
        var negated: Bool
    }

    /// One phrase found, after senses, ignore lists and negation.
    struct Hit: Sendable, Equatable {
        var meaning: Meaning
        var phrase: String
        var start: Int
        var end: Int
        var length: Int { end - start }
    }

    struct Reading: Sendable {
        var tokens: [TriageToken]
        var hits: [Hit]
        /// The text's language as `language(of:spanishMarks:)` guessed it.
        var language: String
    }

    /// The `means` of a sense that raises an emergency tier rather than naming a category.
    static let tiers: [String: Meaning] = ["emergency": .emergency, "possible": .possible]

    private var matchers: [LanguageMatcher] = []
    private var payloads: [Payload] = []
    private let negators: Set<String>
    private let clauseWords: Set<String>
    private let window: Int
    private let exempt: Set<String>
    private let senses: [SenseRule]
    private let categoryIndex: [String: Int]

    init(rules: TriageRules) {
        negators = Set(rules.negation.words.flatMap(TriageTokenizer.words))
        clauseWords = Set(rules.negation.clauseWords.flatMap(TriageTokenizer.words))
        window = rules.negation.window
        exempt = Set(rules.typos.exempt.flatMap(TriageTokenizer.words))
        senses = rules.senses
        categoryIndex = Dictionary(rules.categories.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })

        var languages = Set(["en", "es"])
        for c in rules.categories { languages.formUnion(c.phrases.keys) }
        languages.formUnion(rules.emergency.phrases.keys)
        languages.formUnion(rules.emergency.possible.keys)
        for n in rules.referral.needs { languages.formUnion(n.phrases.keys) }
        matchers = languages.sorted().map { LanguageMatcher(language: $0, typoMinimumLength: rules.typos.minLength) }

        var sets: [(TriageRules.Phrases, Role)] = rules.categories.enumerated().map { ($1.phrases, .meaning(.category($0))) }
        sets.append((rules.emergency.phrases, .meaning(.emergency)))
        sets.append((rules.emergency.possible, .meaning(.possible)))
        sets += rules.referral.needs.enumerated().map { ($1.phrases, .meaning(.need($0))) }
        for (phrases, role) in sets {
            for language in phrases.keys.sorted() {
                for phrase in phrases[language]! { addPhrase(phrase, role, languages: [language]) }
            }
        }
        for phrase in rules.emergency.ignore { addPhrase(phrase, .ignore, languages: nil) }
        for (i, s) in rules.senses.enumerated() {
            addPhrase(s.phrase, .sense(i), languages: nil)
            for w in s.with { addPhrase(w, .senseWith(i), languages: nil) }
            for w in s.inside { addPhrase(w, .senseInside(i), languages: nil) }
        }
    }

    /// Adds a phrase to the tries of `languages` (nil: every language, for words the rules give
    /// without one).
    private mutating func addPhrase(_ phrase: String, _ role: Role, languages: Set<String>?) {
        var words = TriageTokenizer.words(phrase)
        let wildcard = phrase.last == "*"
        let negated = words.count > 1 && negators.contains(words[0]) && role.isMeaning
        if negated { words.removeFirst() }
        guard !words.isEmpty else { return }
        let payload = Int32(payloads.count)
        payloads.append(Payload(role: role, phrase: phrase, negated: negated))
        for m in matchers.indices where languages?.contains(matchers[m].language) ?? true {
            matchers[m].add(words, wildcard: wildcard, payload: payload)
        }
    }

    func read(_ text: String) -> Reading {
        var marks = 0
        let tokens = TriageTokenizer.tokens(text, spanishMarks: &marks)
        let words = tokens.map(\.word)
        let language = Self.language(of: words, spanishMarks: marks)
        var raw: [PhraseMatcher.Hit] = []
        for m in matchers {
            let keys = m.keys(of: words, stemmed: m.language == language, exempt: exempt)
            m.hits(keys: keys, words: words, into: &raw)
        }
        return Reading(tokens: tokens, hits: resolve(raw, tokens: tokens), language: language)
    }

    /// A word's Snowball stem in `language` (the word itself when that language has no stemmer).
    func stem(_ word: String, language: String) -> String {
        matchers.first { $0.language == language }?.key(of: word) ?? word
    }

    /// `es` or `en`, as `LanguageGuess` tells them (common function words, letters only Spanish
    /// uses, a tie stays English), on the words already folded.
    static func language(of words: [String], spanishMarks: Int) -> String {
        var es = 2 * spanishMarks
        var en = 0
        for w in words {
            if spanishWords.contains(w) { es += 1 }
            if englishWords.contains(w) { en += 1 }
        }
        return es > en ? "es" : "en"
    }

    static let spanishWords: Set<String> = [
        "el", "la", "los", "las", "un", "una", "de", "del", "en", "que", "y", "es", "por", "para",
        "con", "no", "hay", "esta", "muy", "mi", "su", "calle", "esquina", "basura", "luz",
        "bache", "agua", "fuga", "ruido", "gracias", "hola", "favor", "pueden", "puede", "casa",
        "frente", "cerca", "entre", "desde", "semana", "dias", "lleno", "roto", "rota",
        "necesito", "ayuda", "carro", "coche", "perro", "vecino", "tambien", "pero", "se", "al", "lo", "le",
    ]
    static let englishWords: Set<String> = [
        "the", "a", "an", "of", "in", "on", "at", "is", "are", "there", "and", "to", "for", "with",
        "my", "our", "street", "corner", "trash", "light", "pothole", "water", "leak", "noise",
        "thanks", "thank", "hello", "please", "can", "near", "between", "week", "days", "full",
        "broken", "need", "help", "car", "dog", "neighbor", "also", "but", "it", "this", "that", "not", "was", "he", "she",
    ]

    /// The negator whose reach covers each position, if any.
    private func negatedBy(_ tokens: [TriageToken]) -> [Int?] {
        var out = [Int?](repeating: nil, count: tokens.count)
        var last: Int?
        for (j, t) in tokens.enumerated() {
            if t.startsClause || clauseWords.contains(t.word) { last = nil }
            if let n = last, j - n <= window { out[j] = n }
            if negators.contains(t.word) { last = j }
        }
        return out
    }

    private func resolve(_ raw: [PhraseMatcher.Hit], tokens: [TriageToken]) -> [Hit] {
        let negation = negatedBy(tokens)
        // Every (payload, range) once: the tries of two languages may both find a phrase.
        var seen = Set<Int64>()
        var found: [(payload: Payload, start: Int, end: Int)] = []
        for h in raw {
            let p = payloads[Int(h.payload)]
            var start = h.start
            if p.negated {
                guard let n = negation[h.start] else { continue }
                start = n
            }
            let id = Int64(h.payload) << 32 | Int64(start) << 16 | Int64(h.end)
            if seen.insert(id).inserted { found.append((p, start, h.end)) }
        }

        // Senses: a phrase in some company is taken out of its usual meaning.
        var reread: [(start: Int, end: Int)] = []
        var retiered: [(payload: Payload, start: Int, end: Int)] = []
        var hits: [Hit] = []
        for f in found {
            guard case .sense(let k) = f.payload.role else { continue }
            let sense = senses[k]
            let inCompany = found.contains { g in
                switch g.payload.role {
                case .senseWith(let j) where j == k:
                    return (g.end <= f.start || g.start >= f.end) && g.start < f.end + sense.window && g.end > f.start - sense.window
                case .senseInside(let j) where j == k:
                    return g.start <= f.start && g.end >= f.end && g.end - g.start > f.end - f.start
                default:
                    return false
                }
            }
            guard inCompany else { continue }
            reread.append((f.start, f.end))
            if let c = categoryIndex[sense.means] {
                hits.append(Hit(meaning: .category(c), phrase: sense.phrase, start: f.start, end: f.end))
            } else if let tier = Self.tiers[sense.means] {
                // Still subject to ignore lists and negation below ("nobody hurt in the crash").
                let payload = Payload(role: .meaning(tier), phrase: sense.phrase, negated: false)
                retiered.append((payload, f.start, f.end))
            }
        }
        let ignored = found.filter { if case .ignore = $0.payload.role { true } else { false } }

        for (k, f) in (found + retiered).enumerated() {
            guard case .meaning(let meaning) = f.payload.role else { continue }
            if k < found.count, reread.contains(where: { $0.start <= f.start && $0.end >= f.end }) { continue }
            if meaning == .emergency || meaning == .possible {
                if ignored.contains(where: { $0.start <= f.start && $0.end >= f.end }) { continue }
                if !f.payload.negated, negation[f.start] != nil { continue }
            }
            hits.append(Hit(meaning: meaning, phrase: f.payload.phrase, start: f.start, end: f.end))
        }
        return hits
    }
}

private extension WordReader.Role {
    var isMeaning: Bool { if case .meaning = self { true } else { false } }
}
