import IntakeCore

/// The phrases of one language, matched on Snowball stems with one typo tolerated.
///
/// A phrase and a text are compared as stems of the phrase's language ("overdosed" and
/// "overdose" share "overdos", "alleys" and "alley" share "alley"). Stemming a text with the
/// wrong language's stemmer makes short words collide ("her" is the Spanish stem of "herido"),
/// so a text is stemmed only for its own language (`LanguageGuess`); for the other languages
/// its words must be a phrase's own words or their plurals in -s/-es (residents mix languages,
/// so those phrases are still found).
struct LanguageMatcher: Sendable {
    let language: String
    private let stemmer: SnowballStemmer?
    private(set) var trie = PhraseMatcher()
    /// Every key the trie uses.
    private var vocabulary: Set<String> = []
    /// The phrases' own words (and their plurals in -s/-es) → key.
    private var surface: [String: String] = [:]
    private var typos: TypoIndex
    /// Word → key in this language, as `keys(of:stemmed: true)` found it: stemming and typo
    /// lookups cost more than the rest of matching, and residents' words repeat.
    private let cache = KeyCache()

    /// Words shorter than this get no -s/-es surface forms ("i" would claim "is", "do" "does").
    private let pluralMinimumLength: Int

    init(language: String, typoMinimumLength: Int, pluralMinimumLength: Int = 1) {
        self.pluralMinimumLength = pluralMinimumLength
        self.language = language
        stemmer = SnowballStemmer.shared(language)
        typos = TypoIndex(minimumLength: typoMinimumLength)
    }

    func key(of word: String) -> String {
        guard let stemmer, !word.isEmpty, word.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return word }
        return stemmer.stem(word)
    }

    /// Adds a phrase (already tokenized); false when it has no words.
    @discardableResult
    mutating func add(_ words: [String], wildcard: Bool, payload: Int32) -> Bool {
        guard !words.isEmpty else { return false }
        let head = wildcard ? Array(words.dropLast()) : words
        var keys: [String] = []
        for w in head {
            let k = key(of: w)
            keys.append(k)
            vocabulary.insert(k)
            for form in w.count < pluralMinimumLength ? [w] : [w, w + "s", w + "es"] where surface[form] == nil { surface[form] = k }
            typos.insert(w, value: k)
            typos.insert(k, value: k)
        }
        trie.add(keys: keys, prefix: wildcard ? words.last : nil, payload: payload)
        return true
    }

    /// The key of each word: stems with one typo tolerated when the text is in this language
    /// (`stemmed`), else only the phrases' own words. Words in `exempt` are never corrected.
    func keys(of words: [String], stemmed: Bool, exempt: Set<String>) -> [String] {
        words.map { w in
            if let k = surface[w] { return k }
            guard stemmed else { return w }
            if let k = cache[w] { return k }
            let k = stemmedKey(of: w, exempt: exempt)
            cache[w] = k
            return k
        }
    }

    private func stemmedKey(of w: String, exempt: Set<String>) -> String {
        let k = key(of: w)
        if vocabulary.contains(k) || exempt.contains(w) { return k }
        guard w.utf8.count >= typos.minimumLength, w.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return k }
        return typos.correction(of: w) ?? typos.correction(of: k) ?? k
    }

    func hits(keys: [String], words: [String], into hits: inout [PhraseMatcher.Hit]) {
        trie.hits(keys: keys, words: words, into: &hits)
    }
}

/// A bounded word → key memo shared by the threads that match (one per `LanguageMatcher`).
final class KeyCache: Sendable {
    private let map = Locked<[String: String]>([:])
    private static let limit = 50_000

    subscript(word: String) -> String? {
        get { map.withLock { $0[word] } }
        set {
            guard let newValue else { return }
            map.withLock { m in
                if m.count >= Self.limit { m.removeAll(keepingCapacity: true) }
                m[word] = newValue
            }
        }
    }
}
