/// A case number a resident can quote back: `TUC-2026-000123`.
public struct CaseReference: Sendable, Hashable, CustomStringConvertible {
    public var prefix: String
    public var year: Int
    public var number: Int

    public init(prefix: String, year: Int, number: Int) {
        self.prefix = prefix
        self.year = year
        self.number = number
    }

    /// At least six digits, more when a year passes a million cases.
    public var description: String {
        let digits = String(number)
        return "\(prefix)-\(year)-\(String(repeating: "0", count: max(0, 6 - digits.count)))\(digits)"
    }

    /// Reads a reference back, case-insensitively, with `-`, a space or nothing between the parts.
    public init?(parsing text: some StringProtocol) {
        let parts = text.uppercased().split(whereSeparator: { $0 == "-" || $0 == " " })
        guard parts.count == 3,
              parts[0].count >= 2, parts[0].count <= 8, parts[0].allSatisfy({ $0.isLetter && $0.isASCII }),
              parts[1].count == 4, let year = Int(parts[1]),
              parts[2].count >= 1, parts[2].count <= 10, parts[2].allSatisfy(\.isASCII), let number = Int(parts[2])
        else { return nil }
        self.init(prefix: String(parts[0]), year: year, number: number)
    }

    /// The first reference in free text, such as "about TUC-2026-000123, still not fixed".
    public static func first(in text: String, prefix: String) -> CaseReference? {
        // Most texts name no case: an ASCII text without the prefix is answered on its bytes.
        if !mayName(prefix: prefix, text) { return nil }
        let p = prefix.uppercased()
        let upper = text.uppercased()
        var searchStart = upper.startIndex
        while let r = upper.range(of: p, range: searchStart..<upper.endIndex) {
            var end = r.upperBound
            var taken = 0
            while end < upper.endIndex, taken < 4 + 10 + 2, upper[end].isNumber || upper[end] == "-" || upper[end] == " " {
                end = upper.index(after: end)
                taken += 1
            }
            var candidate = upper[r.lowerBound..<end]
            while let last = candidate.last, last == "-" || last == " " { candidate = candidate.dropLast() }
            if let ref = CaseReference(parsing: candidate), ref.prefix == p { return ref }
            searchStart = r.upperBound
        }
        return nil
    }

    /// False only when the text is ASCII and the prefix, in any case, is nowhere in it (upper-casing
    /// other scripts can make ASCII letters: "ﬀ" is "FF").
    static func mayName(prefix: String, _ text: String) -> Bool {
        let p = Array(prefix.utf8).map { $0 & 0xDF }
        guard !p.isEmpty, p.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) else { return true }
        return text.utf8.withContiguousStorageIfAvailable { t -> Bool in
            if t.contains(where: { $0 >= 0x80 }) { return true }
            guard t.count >= p.count else { return false }
            // A letter folded to upper case; anything else cannot equal the prefix's letters.
            func folded(_ b: UInt8) -> UInt8 { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A ? b & 0xDF : 0 }
            for start in 0...(t.count - p.count) where folded(t[start]) == p[0] {
                if (1..<p.count).allSatisfy({ folded(t[start + $0]) == p[$0] }) { return true }
            }
            return false
        } ?? true
    }
}
