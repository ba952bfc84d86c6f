/// Bounded edit distances for typo tolerance. Optimal string alignment (Damerau–Levenshtein
/// without repeated edits of a substring): a swap of two neighbouring letters counts as one edit.
public enum EditDistance {
    /// Whether `a` and `b` differ by at most one insertion, deletion, substitution or swap.
    public static func withinOne(_ a: String, _ b: String) -> Bool {
        withinOne(Array(a.utf8), Array(b.utf8))
    }

    public static func withinOne(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        if a == b { return true }
        let (short, long) = a.count <= b.count ? (a, b) : (b, a)
        switch long.count - short.count {
        case 0:
            var i = 0
            while i < short.count && short[i] == long[i] { i += 1 }
            if i == short.count { return true }
            // One substitution…
            if short[(i + 1)...] == long[(i + 1)...] { return true }
            // …or one swap of neighbours.
            return i + 1 < short.count && short[i] == long[i + 1] && short[i + 1] == long[i]
                && short[(i + 2)...] == long[(i + 2)...]
        case 1:
            var i = 0
            while i < short.count && short[i] == long[i] { i += 1 }
            return short[i...] == long[(i + 1)...]
        default:
            return false
        }
    }

    /// Optimal string alignment distance, or nil once it exceeds `limit`.
    public static func distance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int? {
        if abs(a.count - b.count) > limit { return nil }
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        let n = a.count, m = b.count
        var prev2 = [Int](repeating: 0, count: m + 1)
        var prev = Array(0...m)
        var cur = [Int](repeating: 0, count: m + 1)
        for i in 1...n {
            cur[0] = i
            var rowMin = cur[0]
            for j in 1...m {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    v = min(v, prev2[j - 2] + 1)
                }
                cur[j] = v
                rowMin = min(rowMin, v)
            }
            if rowMin > limit { return nil }
            (prev2, prev, cur) = (prev, cur, prev2)
        }
        return prev[m] <= limit ? prev[m] : nil
    }
}
