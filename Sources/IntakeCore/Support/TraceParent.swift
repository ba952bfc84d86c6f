/// W3C trace context (`traceparent`), carried on the bus as an MQTT v5 user property so that a
/// contact can be followed from the adapter through enrich to the writer.
public struct TraceParent: Sendable, Equatable, CustomStringConvertible {
    public static let propertyName = "traceparent"

    /// 32 lowercase hex digits.
    public var traceID: String
    /// 16 lowercase hex digits.
    public var spanID: String
    public var sampled: Bool

    /// Starts a new trace.
    public init() {
        traceID = Self.randomHex(bytes: 16)
        spanID = Self.randomHex(bytes: 8)
        sampled = true
    }

    public init?(_ header: String) {
        // version "-" trace id "-" span id "-" flags, read on the bytes (every message carries one).
        var header = header
        let parsed: (String, String, UInt8)? = header.withUTF8 { b in
            guard b.count >= 55, b[2] == 0x2D, b[35] == 0x2D, b[52] == 0x2D,
                  b.count == 55 || b[55] == 0x2D,
                  Self.isHex(b, 0..<2), Self.isHex(b, 3..<35), Self.isHex(b, 36..<52), Self.isHex(b, 53..<55),
                  b[3..<35].contains(where: { $0 != 0x30 }), b[36..<52].contains(where: { $0 != 0x30 })
            else { return nil }
            let flags = Self.hexValue(b[53]) << 4 | Self.hexValue(b[54])
            return (Self.lowercased(b, 3..<35), Self.lowercased(b, 36..<52), flags)
        }
        guard let (trace, span, flags) = parsed else { return nil }
        traceID = trace
        spanID = span
        sampled = flags & 1 == 1
    }

    private static func isHex(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        b[r].allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66) }
    }

    private static func hexValue(_ c: UInt8) -> UInt8 {
        c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x61 + 10
    }

    private static func lowercased(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> String {
        String(unsafeUninitializedCapacity: r.count) { out in
            for (k, c) in b[r].enumerated() { out[k] = c | (c >= 0x41 ? 0x20 : 0) }
            return r.count
        }
    }

    /// The same trace, one hop further: a new span id.
    public func child() -> TraceParent {
        var c = self
        c.spanID = Self.randomHex(bytes: 8)
        return c
    }

    public var description: String { "00-\(traceID)-\(spanID)-\(sampled ? "01" : "00")" }

    static func randomHex(bytes: Int) -> String {
        var g = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes * 2)
        var word: UInt64 = 0
        for i in 0..<bytes {
            if i % 8 == 0 { word = g.next() }
            let b = UInt8(truncatingIfNeeded: word >> (8 * UInt64(i % 8)))
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xF)])
        }
        // An all-zero id is invalid in W3C trace context; astronomically unlikely, but cheap to rule out.
        if out.allSatisfy({ $0 == UInt8(ascii: "0") }) { out[out.count - 1] = UInt8(ascii: "1") }
        return String(decoding: out, as: UTF8.self)
    }
}
