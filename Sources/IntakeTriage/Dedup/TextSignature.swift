/// The content words of a text, hashed: what duplicate matching compares.
///
/// Words are folded (case, accents), stop words of English and Spanish dropped, a plural -s/-es
/// trimmed, then each word hashed (FNV-1a, 64 bit) and the hashes kept sorted and unique, so that
/// the Jaccard similarity of two signatures is one merge of two short arrays.
public struct TextSignature: Sendable, Hashable {
    public let hashes: [UInt64]

    public init(hashes: [UInt64]) {
        self.hashes = Array(Set(hashes)).sorted()
    }

    public init(text: String) {
        var out: [UInt64] = []
        for word in FoldedTokens.of(text) where word.utf8.count >= 2 && !Stopwords.all.contains(word) {
            out.append(Self.hash(Self.stem(word)))
        }
        self.init(hashes: out)
    }

    public var isEmpty: Bool { hashes.isEmpty }

    /// Shared words over all words (0…1); 0 when either side is empty.
    public func jaccard(_ other: TextSignature) -> Double {
        let a = hashes, b = other.hashes
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        var i = 0, j = 0, common = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] {
                common += 1; i += 1; j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return Double(common) / Double(a.count + b.count - common)
    }

    /// "potholes" → "pothole", "baches" → "bach" (both sides alike, which is all that matters).
    static func stem(_ word: String) -> Substring {
        let u = word.utf8
        guard u.count > 4 else { return Substring(word) }
        if word.hasSuffix("es") { return word.dropLast(2) }
        if word.hasSuffix("s") && !word.hasSuffix("ss") { return word.dropLast() }
        return Substring(word)
    }

    static func hash(_ word: Substring) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in word.utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01B3
        }
        return h
    }
}
