/// Finds where a location may start inside a longer message ("there is a pothole at 123 N Stone
/// Ave by the school"): after an anchor word, or at a house number.
enum LocationMentions {
    static let anchors: Set<String> = ["at", "on", "near", "en", "esquina", "corner", "frente", "cerca", "by", "off", "sobre", "calle", "avenida"]
    /// Longest span tried after an anchor, in tokens: a street, a crossing and a city fit.
    static let span = 9

    /// Word spans that may be a location, folded once for all of them.
    static func candidates(in text: String) -> [[String]] {
        candidates(in: FoldedText.tokens(text))
    }

    /// The spans of a message already folded by `FoldedText.tokens`.
    static func candidates(in tokens: [String]) -> [[String]] {
        guard tokens.count > 2 else { return [] }
        var out: [[String]] = []
        // The spans depend on where they start only, and "at 123 N Stone" starts there twice
        // (after the anchor, and at the house number): each start is tried once.
        var started = Set<Int>()
        for (i, t) in tokens.enumerated() {
            var start: Int?
            if HouseNumber(token: t) != nil, i + 1 < tokens.count {
                start = i
            } else if anchors.contains(t), i + 1 < tokens.count {
                // "calle" and "avenida" belong to the name that follows.
                start = (t == "calle" || t == "avenida" || t == "esquina" || t == "corner") ? i : i + 1
            }
            // A location needs two words at least: none fits after the last-but-one token.
            guard let s = start, s + 2 <= tokens.count, started.insert(s).inserted else { continue }
            // Every length from two words up: the message goes on after the location.
            for end in (s + 2)...min(tokens.count, s + span) {
                out.append(Array(tokens[s..<end]))
            }
        }
        return out
    }
}
