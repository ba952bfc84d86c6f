/// Typo tolerance: whether two words are one edit apart, where a swap of two neighbouring
/// letters counts as one edit (optimal string alignment, Damerau–Levenshtein without repeated
/// edits of a substring).
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
}
