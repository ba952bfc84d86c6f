/// Finds where a location may start inside a longer message ("there is a pothole at 123 N Stone
/// Ave by the school"): after an anchor word, or at a house number.
enum LocationMentions {
    static let anchors: Set<String> = ["at", "on", "near", "en", "esquina", "corner", "frente", "cerca", "by", "off", "sobre", "calle", "avenida"]
    /// Longest span tried after an anchor, in tokens: a street, a crossing and a city fit.
    static let span = 9

    static func candidates(in text: String) -> [String] {
        let tokens = FoldedText.tokens(text)
        guard tokens.count > 2 else { return [] }
        var out: [String] = []
        for (i, t) in tokens.enumerated() {
            var start: Int?
            if HouseNumber(token: t) != nil, i + 1 < tokens.count {
                start = i
            } else if anchors.contains(t), i + 1 < tokens.count {
                // "calle" and "avenida" belong to the name that follows.
                start = (t == "calle" || t == "avenida" || t == "esquina" || t == "corner") ? i : i + 1
            }
            guard let s = start else { continue }
            // Every length from two words up: the message goes on after the location.
            for end in (s + 2)...min(tokens.count, s + span) {
                out.append(tokens[s..<end].joined(separator: " "))
            }
        }
        return out
    }
}
