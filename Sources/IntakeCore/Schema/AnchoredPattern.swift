/// A schema pattern of the simple kind the contact schema uses, matched on the string's bytes:
/// anchored at both ends (`^…$`), made of ASCII literals, character classes with ranges,
/// groups with alternatives, and the quantifiers `?`, `*`, `+`, `{n}`, `{n,}`, `{n,m}`.
///
/// Every string field of every contact is checked against its pattern; through
/// `NSRegularExpression` that is an ICU matcher and a bridged string per field. A pattern with
/// anything else (`.`, negated classes, `\d`, lazy quantifiers, non-ASCII) is not read
/// (`init` returns nil) and stays with the regular expression.
struct AnchoredPattern: Sendable {
    /// One element of a sequence, repeated `min...max` times (`max` nil: no limit).
    fileprivate struct Node: Sendable {
        enum Kind: Sendable {
            /// Bytes that match, as a 128-bit set (ASCII only).
            case bytes(low: UInt64, high: UInt64)
            case group([[Node]])
        }
        var kind: Kind
        var min = 1
        var max: Int? = 1
    }

    private let sequence: [Node]

    init?(_ source: String) {
        let bytes = Array(source.utf8)
        guard bytes.count >= 2, bytes.first == UInt8(ascii: "^"), bytes.last == UInt8(ascii: "$"),
              bytes.allSatisfy({ $0 < 0x80 }), bytes[bytes.count - 2] != UInt8(ascii: "\\")
        else { return nil }
        var parser = Parser(bytes: bytes, i: 1, end: bytes.count - 1)
        guard let alternatives = parser.alternatives(), parser.i == parser.end, alternatives.count == 1 else { return nil }
        sequence = alternatives[0]
    }

    func matches(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { bytes in
            Self.match(sequence[...], bytes, 0) { $0 == bytes.count }
        }
    }

    /// Backtracking over the nodes; `rest` is asked whether the remainder matches from a position.
    private static func match(_ nodes: ArraySlice<Node>, _ s: UnsafeBufferPointer<UInt8>, _ at: Int,
                              _ rest: (Int) -> Bool) -> Bool {
        guard let node = nodes.first else { return rest(at) }
        let tail = nodes.dropFirst()
        switch node.kind {
        case let .bytes(low, high):
            var n = 0
            while node.max.map({ n < $0 }) ?? true, at + n < s.count, contains(low, high, s[at + n]) { n += 1 }
            guard n >= node.min else { return false }
            // Greedy: the longest run first, then shorter ones.
            for taken in stride(from: n, through: node.min, by: -1) where match(tail, s, at + taken, rest) {
                return true
            }
            return false
        case .group(let alternatives):
            func repeatGroup(_ count: Int, _ position: Int) -> Bool {
                if node.max.map({ count < $0 }) ?? true {
                    for a in alternatives where match(a[...], s, position, { next in
                        // An empty repetition would loop for ever.
                        next != position && repeatGroup(count + 1, next)
                    }) {
                        return true
                    }
                }
                return count >= node.min && match(tail, s, position, rest)
            }
            return repeatGroup(0, at)
        }
    }

    @inline(__always)
    private static func contains(_ low: UInt64, _ high: UInt64, _ b: UInt8) -> Bool {
        b < 64 ? low & (1 << UInt64(b)) != 0 : b < 128 ? high & (1 << UInt64(b - 64)) != 0 : false
    }

    private struct Parser {
        let bytes: [UInt8]
        var i: Int
        let end: Int

        /// `a|b|c` up to the end or a `)`.
        mutating func alternatives() -> [[Node]]? {
            var out: [[Node]] = [[]]
            while i < end {
                let b = bytes[i]
                if b == UInt8(ascii: ")") { break }
                if b == UInt8(ascii: "|") {
                    i += 1
                    out.append([])
                    continue
                }
                guard var node = atom() else { return nil }
                guard quantifier(&node) else { return nil }
                out[out.count - 1].append(node)
            }
            return out
        }

        mutating func atom() -> Node? {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "("):
                i += 1
                guard i < end, bytes[i] != UInt8(ascii: "?"), let alts = alternatives(), i < end,
                      bytes[i] == UInt8(ascii: ")") else { return nil }
                i += 1
                return Node(kind: .group(alts))
            case UInt8(ascii: "["):
                i += 1
                return characterClass()
            case UInt8(ascii: "\\"):
                guard i + 1 < end, let c = escaped(bytes[i + 1]) else { return nil }
                i += 2
                return Node(kind: set([c]))
            case UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "$"), UInt8(ascii: "*"), UInt8(ascii: "+"),
                 UInt8(ascii: "?"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "]"):
                return nil
            default:
                i += 1
                return Node(kind: set([b]))
            }
        }

        /// The inside of `[…]`, ranges and single bytes; no negation.
        mutating func characterClass() -> Node? {
            guard i < end, bytes[i] != UInt8(ascii: "^") else { return nil }
            var members: [UInt8] = []
            while i < end, bytes[i] != UInt8(ascii: "]") {
                guard let lo = classByte() else { return nil }
                // A range, unless the hyphen is the last member ("[a-z-]").
                if i + 1 < end, bytes[i] == UInt8(ascii: "-"), bytes[i + 1] != UInt8(ascii: "]") {
                    i += 1
                    guard let hi = classByte(), lo <= hi else { return nil }
                    members += Array(lo...hi)
                } else {
                    members.append(lo)
                }
            }
            guard i < end, !members.isEmpty else { return nil }
            i += 1
            return Node(kind: set(members))
        }

        mutating func classByte() -> UInt8? {
            let b = bytes[i]
            if b == UInt8(ascii: "\\") {
                guard i + 1 < end, let c = escaped(bytes[i + 1]) else { return nil }
                i += 2
                return c
            }
            // `[` and `&` have meanings of their own inside ICU's classes.
            if b == UInt8(ascii: "[") || b == UInt8(ascii: "&") && i + 1 < end && bytes[i + 1] == UInt8(ascii: "&") { return nil }
            i += 1
            return b
        }

        /// An escaped punctuation character stands for itself; `\d`, `\w` and the like are not read.
        func escaped(_ b: UInt8) -> UInt8? {
            let letterOrDigit = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
            return letterOrDigit || b < 0x21 ? nil : b
        }

        mutating func quantifier(_ node: inout Node) -> Bool {
            guard i < end else { return true }
            switch bytes[i] {
            case UInt8(ascii: "?"): (node.min, node.max) = (0, 1); i += 1
            case UInt8(ascii: "*"): (node.min, node.max) = (0, nil); i += 1
            case UInt8(ascii: "+"): (node.min, node.max) = (1, nil); i += 1
            case UInt8(ascii: "{"):
                i += 1
                guard let lo = number() else { return false }
                var hi: Int? = lo
                if i < end, bytes[i] == UInt8(ascii: ",") {
                    i += 1
                    hi = i < end && bytes[i] == UInt8(ascii: "}") ? nil : number()
                    if hi == nil && !(i < end && bytes[i] == UInt8(ascii: "}")) { return false }
                }
                guard i < end, bytes[i] == UInt8(ascii: "}"), hi.map({ lo <= $0 }) ?? true else { return false }
                i += 1
                (node.min, node.max) = (lo, hi)
            default:
                return true
            }
            // Lazy and possessive forms, or a second quantifier, are not read.
            if i < end, [UInt8(ascii: "?"), UInt8(ascii: "+"), UInt8(ascii: "*"), UInt8(ascii: "{")].contains(bytes[i]) { return false }
            return true
        }

        mutating func number() -> Int? {
            var n = 0
            let start = i
            while i < end, bytes[i] >= 0x30, bytes[i] <= 0x39, i - start < 6 {
                n = n * 10 + Int(bytes[i] - 0x30)
                i += 1
            }
            return i > start ? n : nil
        }

        func set(_ members: [UInt8]) -> Node.Kind {
            var low: UInt64 = 0, high: UInt64 = 0
            for m in members where m < 128 {
                if m < 64 { low |= 1 << UInt64(m) } else { high |= 1 << UInt64(m - 64) }
            }
            return .bytes(low: low, high: high)
        }
    }
}
