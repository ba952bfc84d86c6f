public import IntakeCore

/// A house number as written: "123", "123A", or a range such as "120-122" or "9-9A" — or, where
/// the city writes numbers the Queens way, one number "30-43" (house 43 on block 30).
public struct HouseNumber: Sendable, Hashable, CustomStringConvertible {
    public var low: Int
    public var high: Int
    public var text: String

    public init(low: Int, high: Int? = nil, text: String? = nil) {
        self.low = low
        self.high = max(low, high ?? low)
        self.text = text ?? String(low)
    }

    /// Reads a folded token. Ordinals ("5th") and longer words are not house numbers.
    public init?(token: String, hyphen: HouseNumberHyphen = .range) {
        let parts = token.split(separator: "-", maxSplits: 1)
        guard let first = parts.first, let low = Self.leadingNumber(first, allowLetter: true) else { return nil }
        var high = low
        if parts.count == 2 {
            guard let h = Self.leadingNumber(parts[1], allowLetter: true) else { return nil }
            if hyphen == .queens, parts[1].utf8.count <= 3, h < 1000 {
                // Block and house: "30-43" orders between "30-41" and "31-01", and its parity is
                // that of the house, so the side of the street still follows.
                self.init(low: low * 1000 + h, high: low * 1000 + h, text: token)
                return
            }
            high = h
        }
        self.init(low: low, high: high, text: token)
    }

    /// Digits, then at most one letter ("12B"); nothing else.
    static func leadingNumber(_ s: Substring, allowLetter: Bool) -> Int? {
        var digits = 0
        var value = 0
        var letters = 0
        for b in s.utf8 {
            if b >= 0x30 && b <= 0x39 {
                guard letters == 0, digits < 7 else { return nil }
                value = value * 10 + Int(b - 0x30)
                digits += 1
            } else if allowLetter && ((b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A)) {
                letters += 1
                guard letters <= 1 else { return nil }
            } else {
                return nil
            }
        }
        return digits > 0 ? value : nil
    }

    public var description: String { text }
}
