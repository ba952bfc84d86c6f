/// The content words of a report, hashed: what duplicate matching compares.
///
/// Built by `TriageEngine.duplicateSignature(text:place:)`: the triage tokenizer's words, less
/// stop words, numbers and the words of the place (`DuplicateText`), stemmed with Snowball in
/// the text's language, then hashed (FNV-1a, 64 bit) and kept sorted and unique, so that the
/// Jaccard similarity of two signatures is one merge of two short arrays.
public struct TextSignature: Sendable, Hashable {
    public let hashes: [UInt64]
    /// The language the words were stemmed in; two signatures in different languages have no
    /// words to compare ("bache" is not "pothole"), so their similarity is unknown, not zero.
    public let language: String?
    /// Which side of each `dedup.contrasts` group the text names (group × 64 + member), sorted:
    /// "northbound" and "southbound" are two problems, however alike the rest of the words.
    public let sides: [Int]

    public init(hashes: [UInt64], language: String? = nil, sides: [Int] = []) {
        self.hashes = Array(Set(hashes)).sorted()
        self.language = language
        self.sides = Array(Set(sides)).sorted()
    }

    /// Without the rules' stemmer: content words with a plural -s/-es trimmed, no language.
    /// For tools that compare texts of one language (the Boston replay); the enrich stage and the
    /// writer use `TriageEngine.duplicateSignature`.
    public init(text: String) {
        let words = DuplicateText.contentWords(TriageTokenizer.words(text), place: [])
        self.init(hashes: words.map { Self.hash(Self.stem($0)) })
    }

    public var isEmpty: Bool { hashes.isEmpty }

    /// Text similarity for duplicate matching (0…1), or nil when it cannot be told: either side
    /// has no words of its own, or the two are in different languages.
    public func similarity(_ other: TextSignature) -> Double? {
        guard !isEmpty, !other.isEmpty else { return nil }
        if let a = language, let b = other.language, a != b { return nil }
        return jaccard(other)
    }

    /// Whether the two name opposite sides of one contrast group (and neither names both).
    public func contradicts(_ other: TextSignature) -> Bool {
        guard !sides.isEmpty, !other.sides.isEmpty else { return false }
        for group in Set(sides.map { $0 / 64 }) {
            let mine = Set(sides.filter { $0 / 64 == group })
            let theirs = Set(other.sides.filter { $0 / 64 == group })
            if !theirs.isEmpty && mine.isDisjoint(with: theirs) { return true }
        }
        return false
    }

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
