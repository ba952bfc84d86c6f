/// An `application/x-www-form-urlencoded` body, in order, repeated keys kept: Twilio signs every
/// pair, so none may be lost or merged.
public struct FormBody: Sendable, Equatable {
    public var pairs: [(String, String)]

    public init(pairs: [(String, String)]) {
        self.pairs = pairs
    }

    public static func == (a: FormBody, b: FormBody) -> Bool {
        a.pairs.elementsEqual(b.pairs, by: { $0 == $1 })
    }

    /// Parses the body; fails on bytes that are not valid percent-encoded UTF-8.
    public init(parsing bytes: some Collection<UInt8>) throws(FormBodyError) {
        var pairs: [(String, String)] = []
        for part in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let eq = part.firstIndex(of: UInt8(ascii: "="))
            if let eq {
                pairs.append((try Self.decode(part[part.startIndex..<eq]), try Self.decode(part[part.index(after: eq)...])))
            } else {
                pairs.append((try Self.decode(part[...]), ""))
            }
        }
        self.pairs = pairs
    }

    public subscript(key: String) -> String? {
        pairs.first(where: { $0.0 == key })?.1
    }

    public func all(_ key: String) -> [String] {
        pairs.filter { $0.0 == key }.map(\.1)
    }

    /// Encodes pairs as a form body (for outbound requests and tests).
    public static func encode(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
                 UInt8(ascii: "."), UInt8(ascii: "*"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            case UInt8(ascii: " "):
                out += "+"
            default:
                out += "%" + String(b, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    private static func decode(_ bytes: some Collection<UInt8>) throws(FormBodyError) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i != bytes.endIndex {
            let b = bytes[i]
            if b == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else if b == UInt8(ascii: "%") {
                let h = bytes.index(after: i)
                guard h != bytes.endIndex, bytes.index(after: h) != bytes.endIndex,
                      let hi = hexValue(bytes[h]), let lo = hexValue(bytes[bytes.index(after: h)])
                else { throw .badPercentEncoding }
                out.append(hi << 4 | lo)
                i = bytes.index(after: h)
            } else {
                out.append(b)
            }
            i = bytes.index(after: i)
        }
        guard let s = String(validating: out, as: UTF8.self) else { throw .notUTF8 }
        return s
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

public enum FormBodyError: Error, CustomStringConvertible, Equatable {
    case badPercentEncoding
    case notUTF8

    public var description: String {
        switch self {
        case .badPercentEncoding: "the form body has a malformed %-escape"
        case .notUTF8: "the form body is not UTF-8"
        }
    }
}

extension String {
    func leftPadded(to n: Int) -> String {
        count >= n ? self : String(repeating: "0", count: n - count) + self
    }
}
