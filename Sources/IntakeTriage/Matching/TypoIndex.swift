/// Finds the word of a small vocabulary one typo away from a given word: one letter missing,
/// added, changed, or two neighbours swapped.
///
/// A deletion neighbourhood: every word is stored under itself and each of its one-letter
/// deletions; a query looks up itself and its own deletions, and the few candidates found are
/// checked for a true distance of one. Cost per query: a dozen hash lookups, whatever the size
/// of the vocabulary. The first letter is never the typo.
struct TypoIndex: Sendable {
    /// Deletion variant → vocabulary words (as bytes) and what each stands for.
    private var variants: [[UInt8]: [(word: [UInt8], value: String)]] = [:]

    /// Words shorter than this are never corrected, nor used as corrections.
    let minimumLength: Int

    init(minimumLength: Int = 5) {
        self.minimumLength = minimumLength
    }

    var isEmpty: Bool { variants.isEmpty }

    mutating func insert(_ word: String, value: String) {
        let w = Array(word.utf8)
        guard w.count >= minimumLength else { return }
        for v in Self.variants(of: w) {
            if variants[v, default: []].contains(where: { $0.word == w }) { continue }
            variants[v, default: []].append((w, value))
        }
    }

    /// The value of the vocabulary word within one typo of `word` (not `word` itself); when several
    /// are, the smallest value, so that the answer never depends on insertion order.
    func correction(of word: String) -> String? {
        let w = Array(word.utf8)
        guard w.count >= minimumLength else { return nil }
        var best: String?
        for v in Self.variants(of: w) {
            guard let candidates = variants[v] else { continue }
            // Residents rarely mistype a word's first letter; a different first letter is more
            // often another word ("night" is not "fight").
            for c in candidates where c.word != w && c.word[0] == w[0] && Self.withinOneEdit(w, c.word) {
                if best == nil || c.value < best! { best = c.value }
            }
        }
        return best
    }

    private static func variants(of w: [UInt8]) -> [[UInt8]] {
        var out: [[UInt8]] = [w]
        out.reserveCapacity(w.count + 1)
        for i in w.indices {
            var d = w
            d.remove(at: i)
            out.append(d)
        }
        return out
    }

    /// Optimal string alignment distance ≤ 1.
    static func withinOneEdit(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        if a == b { return true }
        if a.count == b.count {
            let diff = a.indices.filter { a[$0] != b[$0] }
            if diff.count == 1 { return true }
            return diff.count == 2 && diff[1] == diff[0] + 1 && a[diff[0]] == b[diff[1]] && a[diff[1]] == b[diff[0]]
        }
        let (short, long) = a.count < b.count ? (a, b) : (b, a)
        guard long.count == short.count + 1 else { return false }
        var i = 0
        while i < short.count, short[i] == long[i] { i += 1 }
        return short[i...] == long[(i + 1)...]
    }
}
