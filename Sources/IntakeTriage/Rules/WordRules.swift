/// The rules file's `negation` section: words that cancel what follows them.
public struct NegationRule: Sendable, Codable, Equatable {
    /// How many words after a negator it reaches.
    public var window: Int
    /// "no", "not", "nobody", "nadie", … (folded: no accents).
    public var words: [String]
    /// Words that end a negator's reach, like punctuation does ("but", "pero").
    public var clauseWords: [String]

    public init(window: Int = 3, words: [String] = Self.defaultWords, clauseWords: [String] = Self.defaultClauseWords) {
        self.window = window
        self.words = words
        self.clauseWords = clauseWords
    }

    public static let defaultWords = [
        "no", "not", "never", "nobody", "none", "without", "nothing", "neither", "nor",
        "nadie", "ningun", "ninguno", "ninguna", "nunca", "sin", "tampoco", "ni", "nada",
    ]
    public static let defaultClauseWords = [
        "but", "and", "or", "although", "though", "however", "because", "except",
        "pero", "y", "o", "aunque", "sino", "porque", "excepto",
    ]

    enum CodingKeys: String, CodingKey {
        case window, words
        case clauseWords = "clause_words"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        window = try c.decodeIfPresent(Int.self, forKey: .window) ?? 3
        words = try c.decodeIfPresent([String].self, forKey: .words) ?? Self.defaultWords
        clauseWords = try c.decodeIfPresent([String].self, forKey: .clauseWords) ?? Self.defaultClauseWords
    }
}

/// One entry of the rules file's `senses` section: what a phrase means in some company.
///
/// `phrase` found with one of `with` within `window` words before or after it, or as part of
/// one of `inside`, stops meaning what the rules' other sections say it means; it then means the
/// category `means`, an emergency tier (`emergency`, `possible`), or nothing when `means` is `none`.
public struct SenseRule: Sendable, Codable, Equatable {
    public var phrase: String
    public var with: [String]
    public var inside: [String]
    public var window: Int
    /// A category id, `emergency`, `possible`, or `none`.
    public var means: String

    public init(phrase: String, with: [String] = [], inside: [String] = [], window: Int = 4, means: String) {
        self.phrase = phrase
        self.with = with
        self.inside = inside
        self.window = window
        self.means = means
    }

    enum CodingKeys: String, CodingKey { case phrase, with, inside, window, means }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        phrase = try c.decode(String.self, forKey: .phrase)
        with = try c.decodeIfPresent([String].self, forKey: .with) ?? []
        inside = try c.decodeIfPresent([String].self, forKey: .inside) ?? []
        window = try c.decodeIfPresent(Int.self, forKey: .window) ?? 4
        means = try c.decode(String.self, forKey: .means)
    }
}

/// The rules file's `typos` section.
public struct TypoRule: Sendable, Codable, Equatable {
    /// Words of at least this many letters may have one typo (a letter missing, added, changed,
    /// or two swapped).
    public var minLength: Int
    /// Real words one letter away from a phrase word, never corrected ("shouting" ≠ "shooting").
    public var exempt: [String]

    public init(minLength: Int = 5, exempt: [String] = []) {
        self.minLength = minLength
        self.exempt = exempt
    }

    enum CodingKeys: String, CodingKey {
        case minLength = "min_length"
        case exempt
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        minLength = try c.decodeIfPresent(Int.self, forKey: .minLength) ?? 5
        exempt = try c.decodeIfPresent([String].self, forKey: .exempt) ?? []
    }
}

/// The rules file's `review` section: when a category is not confident enough to stand alone.
public struct ReviewRule: Sendable, Codable, Equatable {
    /// The runner-up scoring at least this share of the best makes the choice unsure.
    public var closeRatio: Double
    /// How many candidates a result offers.
    public var candidates: Int

    public init(closeRatio: Double = 0.75, candidates: Int = 3) {
        self.closeRatio = closeRatio
        self.candidates = candidates
    }

    enum CodingKeys: String, CodingKey {
        case closeRatio = "close_ratio"
        case candidates
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        closeRatio = try c.decodeIfPresent(Double.self, forKey: .closeRatio) ?? 0.75
        candidates = try c.decodeIfPresent(Int.self, forKey: .candidates) ?? 3
    }
}
