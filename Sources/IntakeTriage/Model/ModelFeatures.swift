/// What the triage model sees of a text: the folded words and each pair of neighbouring words.
/// One function, so that the features can follow the tokenizer (stemmed words, later) without
/// touching the trainer or the model; a model file names its recipe and is refused by a program
/// whose recipe differs.
public enum ModelFeatures {
    /// The name written into model files.
    public static let recipe = "folded-words+pairs/1"

    public static func of(_ text: String) -> [String] {
        let words = FoldedTokens.of(text)
        var features = words
        features.reserveCapacity(words.count * 2)
        if words.count > 1 {
            for i in 1..<words.count { features.append(words[i - 1] + " " + words[i]) }
        }
        return features
    }
}
