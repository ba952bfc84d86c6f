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
        let parts = header.split(separator: "-")
        guard parts.count >= 4, parts[0].count == 2, parts[1].count == 32, parts[2].count == 16, parts[3].count == 2,
              parts[1].allSatisfy(\.isHexDigit), parts[2].allSatisfy(\.isHexDigit),
              parts[1].contains(where: { $0 != "0" }), parts[2].contains(where: { $0 != "0" }),
              let flags = UInt8(parts[3], radix: 16)
        else { return nil }
        traceID = parts[1].lowercased()
        spanID = parts[2].lowercased()
        sampled = flags & 1 == 1
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
