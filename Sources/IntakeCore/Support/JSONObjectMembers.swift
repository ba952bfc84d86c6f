/// The top-level members of a JSON object as byte ranges, found without reading their values:
/// for copying a received object's members, unchanged, into a larger one.
///
/// It expects text `JSONReader` has already accepted, but checks what it walks over and answers
/// nil for anything else (the caller then writes the object out in full).
enum JSONObjectMembers {
    struct Member: Equatable {
        /// The key's bytes, without its quotes.
        var key: Range<Int>
        /// From the key's opening quote to the end of the value.
        var whole: Range<Int>
    }

    static func scan(_ b: UnsafeBufferPointer<UInt8>) -> [Member]? {
        var i = 0
        func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 }
        func skipSpace() { while i < b.count, isSpace(b[i]) { i += 1 } }
        /// At an opening quote: moves past the closing one.
        func string() -> Bool {
            guard i < b.count, b[i] == UInt8(ascii: "\"") else { return false }
            i += 1
            while i < b.count {
                switch b[i] {
                case UInt8(ascii: "\\"): i += 2
                case UInt8(ascii: "\""): i += 1; return true
                default: i += 1
                }
            }
            return false
        }
        func value() -> Bool {
            guard i < b.count else { return false }
            switch b[i] {
            case UInt8(ascii: "\""):
                return string()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                var depth = 0
                while i < b.count {
                    switch b[i] {
                    case UInt8(ascii: "\""):
                        guard string() else { return false }
                        continue
                    case UInt8(ascii: "{"), UInt8(ascii: "["):
                        depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        depth -= 1
                        if depth == 0 { i += 1; return true }
                    default:
                        break
                    }
                    i += 1
                }
                return false
            default:
                // A number, true, false or null.
                let start = i
                while i < b.count, !isSpace(b[i]), b[i] != UInt8(ascii: ","), b[i] != UInt8(ascii: "}") { i += 1 }
                return i > start
            }
        }

        skipSpace()
        guard i < b.count, b[i] == UInt8(ascii: "{") else { return nil }
        i += 1
        skipSpace()
        var members: [Member] = []
        if i < b.count, b[i] == UInt8(ascii: "}") {
            i += 1
            skipSpace()
            return i == b.count ? members : nil
        }
        while true {
            skipSpace()
            let start = i
            guard string() else { return nil }
            let key = (start + 1)..<(i - 1)
            skipSpace()
            guard i < b.count, b[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            skipSpace()
            guard value() else { return nil }
            members.append(Member(key: key, whole: start..<i))
            skipSpace()
            guard i < b.count else { return nil }
            if b[i] == UInt8(ascii: ",") { i += 1; continue }
            guard b[i] == UInt8(ascii: "}") else { return nil }
            i += 1
            skipSpace()
            return i == b.count ? members : nil
        }
    }
}
