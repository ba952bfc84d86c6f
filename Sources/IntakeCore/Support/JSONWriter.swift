public import Foundation

/// Writes JSON straight into bytes: the one encoder of every bus message (`JSONWritable`).
///
/// Foundation's `JSONEncoder` builds a tree of boxed values per message; on the pipeline's hot
/// path that was the largest single cost. Bus messages have no `Codable` conformance: each is
/// written with this and read with `JSONReader` (BusCodecRoundTripTests check every field of
/// every message makes the round trip).
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    private var needsComma = false

    public init(capacity: Int = 1024) {
        bytes.reserveCapacity(capacity)
    }

    public mutating func object(_ body: (inout JSONWriter) -> Void) {
        comma()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
        body(&self)
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    public mutating func array<S: Sequence>(_ items: S, _ body: (inout JSONWriter, S.Element) -> Void) {
        comma()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
        for item in items { body(&self, item) }
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// A key inside an object; the value written next belongs to it.
    public mutating func key(_ k: StaticString) {
        comma()
        bytes.append(UInt8(ascii: "\""))
        k.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    public mutating func key(_ k: String) {
        comma()
        quoted(k)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    public mutating func string(_ s: String) {
        comma()
        quoted(s)
        needsComma = true
    }

    private mutating func quoted(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { utf8 in
            var runStart = 0
            for (i, b) in utf8.enumerated() where b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i]))
                switch b {
                case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
                case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
                case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
                case 0x0D: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
                case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(b >> 4)], hex[Int(b & 0xF)]]
                }
                runStart = i + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    public mutating func number(_ d: Double) {
        guard d.isFinite else { return null() }
        comma()
        if d == d.rounded(), abs(d) < 1e15 {
            bytes += Array(String(Int64(d)).utf8)
        } else {
            bytes += Array(String(d).utf8)
        }
        needsComma = true
    }

    public mutating func number(_ i: Int) {
        comma()
        bytes += Array(String(i).utf8)
        needsComma = true
    }

    public mutating func bool(_ b: Bool) {
        comma()
        bytes += Array((b ? "true" : "false").utf8)
        needsComma = true
    }

    public mutating func null() {
        comma()
        bytes += Array("null".utf8)
        needsComma = true
    }

    /// `"key": value` for present values; nothing for nil, as `encodeIfPresent` does.
    public mutating func field(_ k: StaticString, _ v: String?) {
        guard let v else { return }
        key(k)
        string(v)
    }

    public mutating func field(_ k: StaticString, _ v: Double?) {
        guard let v else { return }
        key(k)
        number(v)
    }

    public mutating func field(_ k: StaticString, _ v: Int?) {
        guard let v else { return }
        key(k)
        number(v)
    }

    public mutating func field(_ k: StaticString, _ v: Bool?) {
        guard let v else { return }
        key(k)
        bool(v)
    }

    /// An RFC 3339 date-time with milliseconds, UTC, as the bus writes every time.
    public mutating func field(_ k: StaticString, _ v: Date?) {
        guard let v else { return }
        key(k)
        string(RFC3339.string(from: v))
    }

    public mutating func field(_ k: StaticString, _ v: [String]) {
        key(k)
        array(v) { w, s in w.string(s) }
    }

    public mutating func field(_ k: StaticString, _ v: [String: String]) {
        key(k)
        object { w in
            for (name, s) in v {
                w.key(name)
                w.string(s)
            }
        }
    }

    /// A nested object that is written only when present.
    public mutating func field<T: JSONWritable>(_ k: StaticString, _ v: T?) {
        guard let v else { return }
        key(k)
        v.write(to: &self)
    }

    public mutating func value(_ v: JSONValue) {
        switch v {
        case .null: null()
        case .bool(let b): bool(b)
        case .number(let n): number(n)
        case .string(let s): string(s)
        case .array(let a): array(a) { w, e in w.value(e) }
        case .object(let o):
            object { w in
                for (k, e) in o {
                    w.key(k)
                    w.value(e)
                }
            }
        }
    }

    /// Members of an object already written as JSON (`"key":value`), copied as they are.
    public mutating func rawMember(_ member: UnsafeBufferPointer<UInt8>) {
        comma()
        bytes.append(contentsOf: member)
        needsComma = true
    }

    private mutating func comma() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }
}

/// A type the bus writes by hand (see `JSONWriter`).
public protocol JSONWritable {
    func write(to w: inout JSONWriter)
}
