public import Foundation

/// Reads JSON bytes into `JSONValue`, for the messages every contact crosses the bus in (the
/// counterpart of `JSONWriter`). Strict: one value, RFC 8259 syntax, valid UTF-8, nesting at most
/// 64 deep; anything else is a `JSONReadError` naming the offset.
public struct JSONReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0
    private var depth = 0

    public static func parse(_ data: some Collection<UInt8>) throws(JSONReadError) -> JSONValue {
        let array = Array(data)
        return try array.withUnsafeBufferPointer { buf throws(JSONReadError) -> JSONValue in
            var r = JSONReader(bytes: buf)
            r.skipSpace()
            let v = try r.value()
            r.skipSpace()
            guard r.i == buf.count else { throw JSONReadError(offset: r.i, reason: "text after the value") }
            return v
        }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    private func fail(_ reason: String) -> JSONReadError { JSONReadError(offset: i, reason: reason) }

    private mutating func value() throws(JSONReadError) -> JSONValue {
        guard i < bytes.count else { throw fail("unexpected end") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return .number(try number())
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONReadError) {
        let n = word.utf8CodeUnitCount
        guard i + n <= bytes.count else { throw fail("unexpected end") }
        for k in 0..<n where bytes[i + k] != word.utf8Start[k] { throw fail("unknown literal") }
        i += n
    }

    private mutating func object() throws(JSONReadError) -> JSONValue {
        depth += 1
        guard depth <= 64 else { throw fail("nested too deep") }
        defer { depth -= 1 }
        i += 1
        var members: [String: JSONValue] = [:]
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
            i += 1
            return .object(members)
        }
        // Room for an envelope's members at once, instead of growing (and rehashing) 1, 2, 4, 8.
        members.reserveCapacity(12)
        while true {
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a key") }
            let key = try string()
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':'") }
            i += 1
            skipSpace()
            members[key] = try value()
            skipSpace()
            guard i < bytes.count else { throw fail("unexpected end") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
            throw fail("expected ',' or '}'")
        }
    }

    private mutating func array() throws(JSONReadError) -> JSONValue {
        depth += 1
        guard depth <= 64 else { throw fail("nested too deep") }
        defer { depth -= 1 }
        i += 1
        var items: [JSONValue] = []
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
            i += 1
            return .array(items)
        }
        while true {
            skipSpace()
            items.append(try value())
            skipSpace()
            guard i < bytes.count else { throw fail("unexpected end") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            throw fail("expected ',' or ']'")
        }
    }

    private mutating func string() throws(JSONReadError) -> String {
        i += 1
        let start = i
        // Fast path: no escapes.
        var ascii = true
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                let text = UnsafeBufferPointer(rebasing: bytes[start..<i])
                // ASCII needs no validating (`String(validating:)` is generic, and slow for short keys).
                if ascii {
                    i += 1
                    return String(decoding: text, as: UTF8.self)
                }
                guard let s = String(validating: text, as: UTF8.self) else {
                    throw JSONReadError(offset: start, reason: "not UTF-8")
                }
                i += 1
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw fail("control character in a string") }
            if b >= 0x80 { ascii = false }
            i += 1
        }
        var out = Array(UnsafeBufferPointer(rebasing: bytes[start..<i]))
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                i += 1
                guard let s = String(validating: out, as: UTF8.self) else { throw JSONReadError(offset: start, reason: "not UTF-8") }
                return s
            }
            if b < 0x20 { throw fail("control character in a string") }
            if b != UInt8(ascii: "\\") {
                out.append(b)
                i += 1
                continue
            }
            i += 1
            guard i < bytes.count else { break }
            switch bytes[i] {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "/"): out.append(UInt8(ascii: "/"))
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    guard i + 2 < bytes.count, bytes[i + 1] == UInt8(ascii: "\\"), bytes[i + 2] == UInt8(ascii: "u") else {
                        throw fail("lone surrogate")
                    }
                    i += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw fail("bad surrogate pair") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let u = Unicode.Scalar(scalar) else { throw fail("bad \\u escape") }
                out += Array(String(Character(u)).utf8)
            default:
                throw fail("bad escape")
            }
            i += 1
        }
        throw fail("unterminated string")
    }

    /// Reads the four hex digits after `\u`; leaves `i` on the last one.
    private mutating func hex4() throws(JSONReadError) -> UInt32 {
        guard i + 4 < bytes.count else { throw fail("short \\u escape") }
        var v: UInt32 = 0
        for k in 1...4 {
            let b = bytes[i + k]
            let d: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(b - UInt8(ascii: "A") + 10)
            default: throw fail("bad \\u escape")
            }
            v = v << 4 | d
        }
        i += 4
        return v
    }

    private mutating func number() throws(JSONReadError) -> Double {
        let start = i
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
        let digits = i
        while i < bytes.count, bytes[i] >= 0x30 && bytes[i] <= 0x39 { i += 1 }
        guard i > digits else { throw fail("expected a value") }
        guard !(bytes[digits] == 0x30 && i - digits > 1) else { throw fail("leading zero") }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            let f = i
            while i < bytes.count, bytes[i] >= 0x30 && bytes[i] <= 0x39 { i += 1 }
            guard i > f else { throw fail("digits expected after '.'") }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            let e = i
            while i < bytes.count, bytes[i] >= 0x30 && bytes[i] <= 0x39 { i += 1 }
            guard i > e else { throw fail("digits expected in the exponent") }
        }
        guard let d = Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)) else {
            throw JSONReadError(offset: start, reason: "bad number")
        }
        return d
    }
}

public struct JSONReadError: Error, CustomStringConvertible, Equatable {
    public var offset: Int
    public var reason: String

    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "not valid JSON at byte \(offset): \(reason)" }
}

/// Reading typed fields out of a parsed object, with errors that name the field.
public struct JSONFields {
    public let members: [String: JSONValue]
    let path: String

    public init(_ value: JSONValue, path: String = "") throws(EnvelopeError) {
        guard case .object(let m) = value else { throw EnvelopeError("\(path.isEmpty ? "the message" : path) is not a JSON object") }
        members = m
        self.path = path
    }

    func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    public func string(_ key: String) throws(EnvelopeError) -> String {
        guard let v = try optionalString(key) else { throw EnvelopeError("\(name(key)) is missing") }
        return v
    }

    public func optionalString(_ key: String) throws(EnvelopeError) -> String? {
        switch members[key] {
        case nil, .null?: return nil
        case .string(let s)?: return s
        default: throw EnvelopeError("\(name(key)) is not a string")
        }
    }

    public func optionalDouble(_ key: String) throws(EnvelopeError) -> Double? {
        switch members[key] {
        case nil, .null?: return nil
        case .number(let d)?: return d
        default: throw EnvelopeError("\(name(key)) is not a number")
        }
    }

    public func optionalInt(_ key: String) throws(EnvelopeError) -> Int? {
        guard let d = try optionalDouble(key) else { return nil }
        guard d == d.rounded(), abs(d) < 1e15 else { throw EnvelopeError("\(name(key)) is not a whole number") }
        return Int(d)
    }

    public func optionalBool(_ key: String) throws(EnvelopeError) -> Bool? {
        switch members[key] {
        case nil, .null?: return nil
        case .bool(let b)?: return b
        default: throw EnvelopeError("\(name(key)) is not true or false")
        }
    }

    public func optionalObject(_ key: String) throws(EnvelopeError) -> JSONFields? {
        switch members[key] {
        case nil, .null?: return nil
        case let v?: return try JSONFields(v, path: name(key))
        }
    }

    public func object(_ key: String) throws(EnvelopeError) -> JSONFields {
        guard let o = try optionalObject(key) else { throw EnvelopeError("\(name(key)) is missing") }
        return o
    }

    public func optionalArray(_ key: String) throws(EnvelopeError) -> [JSONValue]? {
        switch members[key] {
        case nil, .null?: return nil
        case .array(let a)?: return a
        default: throw EnvelopeError("\(name(key)) is not an array")
        }
    }

    public func enumeration<E: RawRepresentable>(_ key: String, _: E.Type) throws(EnvelopeError) -> E? where E.RawValue == String {
        guard let s = try optionalString(key) else { return nil }
        guard let e = E(rawValue: s) else { throw EnvelopeError("\(name(key)) has an unknown value \"\(s)\"") }
        return e
    }

    public func requiredEnumeration<E: RawRepresentable>(_ key: String, _ type: E.Type) throws(EnvelopeError) -> E where E.RawValue == String {
        guard let e = try enumeration(key, type) else { throw EnvelopeError("\(name(key)) is missing") }
        return e
    }

    public func int(_ key: String) throws(EnvelopeError) -> Int {
        guard let v = try optionalInt(key) else { throw EnvelopeError("\(name(key)) is missing") }
        return v
    }

    public func double(_ key: String) throws(EnvelopeError) -> Double {
        guard let v = try optionalDouble(key) else { throw EnvelopeError("\(name(key)) is missing") }
        return v
    }

    public func bool(_ key: String) throws(EnvelopeError) -> Bool {
        guard let v = try optionalBool(key) else { throw EnvelopeError("\(name(key)) is missing") }
        return v
    }

    /// An RFC 3339 date-time (see `RFC3339`).
    public func optionalDate(_ key: String) throws(EnvelopeError) -> Date? {
        guard let s = try optionalString(key) else { return nil }
        guard let d = RFC3339.date(from: s) else { throw EnvelopeError("\(name(key)) is not an RFC 3339 date-time: \(s)") }
        return d
    }

    public func date(_ key: String) throws(EnvelopeError) -> Date {
        guard let v = try optionalDate(key) else { throw EnvelopeError("\(name(key)) is missing") }
        return v
    }

    /// An array of strings; absent is empty.
    public func strings(_ key: String) throws(EnvelopeError) -> [String] {
        var out: [String] = []
        for v in try optionalArray(key) ?? [] {
            guard case .string(let s) = v else { throw EnvelopeError("\(name(key)) holds a non-string") }
            out.append(s)
        }
        return out
    }

    /// An object whose values are all strings; absent is empty.
    public func stringMap(_ key: String) throws(EnvelopeError) -> [String: String] {
        guard let o = try optionalObject(key) else { return [:] }
        var out: [String: String] = [:]
        for k in o.members.keys { out[k] = try o.string(k) }
        return out
    }

    /// Each element of an array of objects, read by `read`; absent is empty.
    public func objects<T>(_ key: String, _ read: (JSONFields) throws(EnvelopeError) -> T) throws(EnvelopeError) -> [T] {
        var out: [T] = []
        for (n, v) in (try optionalArray(key) ?? []).enumerated() {
            out.append(try read(try JSONFields(v, path: "\(name(key))[\(n)]")))
        }
        return out
    }

    /// The message's `schema`, which must be `expected`.
    public func expectSchema(_ expected: String) throws(EnvelopeError) {
        let schema = try string("schema")
        guard schema == expected else { throw EnvelopeError("expected schema \(expected), got \(schema)") }
    }
}

/// Why a message is not the envelope it claims to be.
public struct EnvelopeError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
