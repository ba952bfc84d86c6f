public import Foundation

/// The one JSON dialect of the package: snake_case keys, and dates RFC 3339 with milliseconds in
/// UTC. Keys come in the order the types write them (sorting them costs time on every message and
/// no reader needs it).
///
/// Bus messages (`JSONWritable`, `JSONReadable`) have exactly one codec, written by hand:
/// `JSONWriter` and `JSONReader`. What is not a bus message (the IVR's call-state files, HTTP
/// answers) is `Codable`, through the encoder and decoder here, with the same dates.
public enum IntakeJSON {
    /// A bus message as JSON.
    public static func encode(_ value: some JSONWritable) -> [UInt8] {
        var w = JSONWriter()
        value.write(to: &w)
        return w.bytes
    }

    /// A bus message from JSON; a `JSONReadError` or an `EnvelopeError` says why not.
    public static func decode<T: JSONReadable>(_ type: T.Type, from bytes: some Collection<UInt8>) throws -> T {
        try T(json: JSONReader.parse(bytes))
    }

    /// Anything else as JSON, through `Codable`.
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        Array(try encoder().encode(value))
    }

    /// Anything else from JSON, through `Codable`.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: some Collection<UInt8>) throws -> T {
        try decoder().decode(type, from: Data(bytes))
    }

    static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.withoutEscapingSlashes]
        e.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(RFC3339.string(from: date))
        }
        return e
    }

    static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .custom { decoder in
            let c = try decoder.singleValueContainer()
            let s = try c.decode(String.self)
            guard let date = RFC3339.date(from: s) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "not an RFC 3339 date-time: \(s)")
            }
            return date
        }
        return d
    }
}

/// RFC 3339 date-times as the envelope writes them: `2026-11-21T14:03:07.123Z`, UTC, milliseconds.
///
/// Written and read by hand: the envelope's times are on every message, and Foundation's
/// formatters are slow on that path. Other RFC 3339 forms (offsets, no fraction) are read too.
public enum RFC3339 {
    /// The date rounded to the millisecond the wire carries, so that a value survives a round trip.
    public static func wire(_ date: Date) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds(date)) / 1000)
    }

    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    public static func string(from date: Date) -> String {
        let ms = milliseconds(date)
        var seconds = time_t(ms.floorDiv(1000))
        var t = tm()
        gmtime_r(&seconds, &t)
        func pad(_ v: Int32, _ n: Int) -> String {
            let s = String(v)
            return s.count >= n ? s : String(repeating: "0", count: n - s.count) + s
        }
        return "\(pad(t.tm_year + 1900, 4))-\(pad(t.tm_mon + 1, 2))-\(pad(t.tm_mday, 2))T\(pad(t.tm_hour, 2)):\(pad(t.tm_min, 2)):\(pad(t.tm_sec, 2)).\(pad(Int32(ms.floorMod(1000)), 3))Z"
    }

    public static func date(from string: String) -> Date? {
        let b = Array(string.utf8)
        func num(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var v = 0
            for i in from..<(from + count) {
                guard b[i] >= 48 && b[i] <= 57 else { return nil }
                v = v * 10 + Int(b[i] - 48)
            }
            return v
        }
        guard b.count >= 20, let year = num(0, 4), b[4] == UInt8(ascii: "-"), let month = num(5, 2), b[7] == UInt8(ascii: "-"),
              let day = num(8, 2), b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") || b[10] == UInt8(ascii: " "),
              let hour = num(11, 2), b[13] == UInt8(ascii: ":"), let minute = num(14, 2), b[16] == UInt8(ascii: ":"),
              let second = num(17, 2), (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var i = 19
        var fraction = 0.0
        if i < b.count && b[i] == UInt8(ascii: ".") {
            i += 1
            var scale = 0.1
            let start = i
            while i < b.count, b[i] >= 48 && b[i] <= 57 {
                fraction += Double(b[i] - 48) * scale
                scale /= 10
                i += 1
            }
            guard i > start else { return nil }
        }
        var offset = 0
        guard i < b.count else { return nil }
        if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
            i += 1
        } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            guard let oh = num(i + 1, 2), b.count > i + 3, b[i + 3] == UInt8(ascii: ":"), let om = num(i + 4, 2) else { return nil }
            offset = (oh * 60 + om) * 60 * (b[i] == UInt8(ascii: "+") ? 1 : -1)
            i += 6
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        var t = tm()
        t.tm_year = Int32(year - 1900)
        t.tm_mon = Int32(month - 1)
        t.tm_mday = Int32(day)
        t.tm_hour = Int32(hour)
        t.tm_min = Int32(minute)
        t.tm_sec = Int32(second)
        let seconds = Double(timegm(&t) - offset)
        return Date(timeIntervalSince1970: (seconds * 1000 + (fraction * 1000).rounded()) / 1000)
    }
}

extension Int64 {
    fileprivate func floorDiv(_ d: Int64) -> Int64 { self >= 0 ? self / d : (self - d + 1) / d }
    fileprivate func floorMod(_ d: Int64) -> Int64 { self - floorDiv(d) * d }
}
