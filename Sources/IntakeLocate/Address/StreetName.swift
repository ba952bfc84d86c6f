import IntakeCore

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
        // A city's words are few and come again in every message: one probe of what was answered
        // before, instead of a dozen strings made and hashed.
        if let known = typoOrdinalAnswers.withLock({ $0[token] }) { return known }
        let answer = typoOrdinalSearch(token)
        typoOrdinalAnswers.withLock { a in
            if a.count >= 50_000 { a.removeAll(keepingCapacity: true) }
            a[token] = .some(answer)
        }
        return answer
    }

    /// `typoOrdinal`'s answers by word (nil inside: not an ordinal), at most 50,000 of them.
    private static let typoOrdinalAnswers = Locked<[String: String?]>([:])

    private static func typoOrdinalSearch(_ token: String) -> String? {
        // Every word within one edit of a spelled ordinal shares a one-deletion form with it: a
        // few hash probes instead of an edit distance against every ordinal.
        let bytes = Array(token.utf8)
        var probes = [token]
        for i in bytes.indices where i == 0 || bytes[i] != bytes[i - 1] {
            var d = bytes
            d.remove(at: i)
            probes.append(String(decoding: d, as: UTF8.self))
        }
        for p in probes {
            for word in typoOrdinalIndex[p] ?? [] where EditDistance.withinOne(token, word) {
                return AddressVocabulary.ordinals[word]
            }
        }
        return nil
    }

    /// Spelled ordinals of five letters or more under themselves and their one-deletion forms.
    static let typoOrdinalIndex: [String: [String]] = {
        var index: [String: [String]] = [:]
        for word in AddressVocabulary.ordinals.keys where word.utf8.count >= 4 {
            let bytes = Array(word.utf8)
            var keys: Set<String> = [word]
            for i in bytes.indices {
                var d = bytes
                d.remove(at: i)
                keys.insert(String(decoding: d, as: UTF8.self))
            }
            for k in keys { index[k, default: []].append(word) }
        }
        return index
    }()

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
