/// Character accuracy of recognised text against its ground truth, as the ISRI OCR tests count
/// it: 1 − (edit distance ÷ characters in the truth), over text with its whitespace runs made
/// one space (line breaks and layout are not what is measured).
public enum CharacterAccuracy {
    public static func of(_ recognised: String, truth: String) -> Double {
        let a = Array(normalized(recognised).unicodeScalars), b = Array(normalized(truth).unicodeScalars)
        guard !b.isEmpty else { return a.isEmpty ? 1 : 0 }
        return max(0, 1 - Double(editDistance(a, b)) / Double(b.count))
    }

    static func normalized(_ s: String) -> String {
        s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Levenshtein distance, two rows at a time.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            let ai = a[i - 1]
            for j in 1...b.count {
                let substitution = previous[j - 1] + (ai == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
