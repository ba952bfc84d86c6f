/// A street name reduced to comparable parts: "North Stone Avenue" and "N STONE AVE" both become
/// pre-direction `n`, core `stone`, suffix `ave`.
public struct StreetName: Sendable, Hashable, CustomStringConvertible {
    public var preDirection: String?
    /// The name proper, tokens joined by one space: "stone", "george r visconti", "5th".
    public var core: String
    public var suffix: String?
    public var postDirection: String?

    public init(preDirection: String? = nil, core: String, suffix: String? = nil, postDirection: String? = nil) {
        self.preDirection = preDirection
        self.core = core
        self.suffix = suffix
        self.postDirection = postDirection
    }

    /// Reads already folded tokens. Nil when no name is left.
    public init?(tokens input: [String]) {
        var tokens = input.filter { $0 != "." }
        guard !tokens.isEmpty else { return nil }
        var post: String?
        var suffix: String?
        var pre: String?

        if tokens.count > 1, let d = AddressVocabulary.directionals[tokens[tokens.count - 1]],
           tokens[tokens.count - 1].count <= 2 || tokens.count > 2 {
            post = d
            tokens.removeLast()
        }
        if tokens.count > 1 {
            let last = tokens[tokens.count - 1]
            if let s = AddressVocabulary.suffixes[last] {
                suffix = s
                tokens.removeLast()
            } else if let s = Self.typoSuffix(last) {
                suffix = s
                tokens.removeLast()
            }
        }
        if tokens.count > 1, let d = AddressVocabulary.directionals[tokens[0]] ?? Self.typoDirectional(tokens[0]) {
            pre = d
            tokens.removeFirst()
        }
        for i in tokens.indices {
            if let o = AddressVocabulary.ordinals[tokens[i]] ?? Self.typoOrdinal(tokens[i]) {
                tokens[i] = o
            } else if i < tokens.count - 1 || tokens.count > 1, let w = AddressVocabulary.nameWords[tokens[i]] {
                tokens[i] = w
            }
        }
        // "5 St" is Fifth Street when the name is a bare number and a type follows.
        if tokens.count == 1, suffix != nil, let o = AddressVocabulary.ordinal(ofNumber: tokens[0]) {
            tokens[0] = o
        }
        guard !tokens.isEmpty else { return nil }
        self.init(preDirection: pre, core: tokens.joined(separator: " "), suffix: suffix, postDirection: post)
    }

    /// Parses a street as an address file spells it ("N STONE AVE", "George R. Visconti Rd").
    public init?(_ text: String) {
        self.init(tokens: FoldedText.tokens(text))
    }

    /// One canonical string for the whole name: "n stone ave".
    public var key: String {
        var parts: [String] = []
        if let preDirection { parts.append(preDirection) }
        parts.append(core)
        if let suffix { parts.append(suffix) }
        if let postDirection { parts.append(postDirection) }
        return parts.joined(separator: " ")
    }

    public var description: String { key }

    /// "esat" → "e": a direction word with one typo.
    static func typoDirectional(_ token: String) -> String? {
        guard token.utf8.count >= 4, token.utf8.count <= 6 else { return nil }
        return AddressVocabulary.typoTolerantDirectionals.first { EditDistance.withinOne(token, $0.word) }?.canonical
    }

    /// "syventh" → "7th": a spelled-out ordinal with one typo.
    static func typoOrdinal(_ token: String) -> String? {
        let n = token.utf8.count
        guard n >= 5, n <= 12, token.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return nil }
        for (word, ordinal) in AddressVocabulary.ordinals where abs(word.utf8.count - n) <= 1 {
            if EditDistance.withinOne(token, word) { return ordinal }
        }
        return nil
    }

    /// A long street type with one typo ("stret", "avenu"), as its canonical form.
    static func typoSuffix(_ token: String) -> String? {
        guard token.count >= 4, token.count <= 10 else { return nil }
        for (word, canonical) in AddressVocabulary.typoTolerantSuffixes
        where abs(word.count - token.count) <= 1 && EditDistance.withinOne(token, word) {
            return canonical
        }
        return nil
    }
}
