/// Hides a resident's words, number or address in logs above debug level.
///
/// Log `Redacted(text)` instead of the text: at info it shows a length and a short fingerprint,
/// enough to follow one contact through the logs without reading it.
public struct Redacted: CustomStringConvertible, Sendable {
    let value: String

    public init(_ value: String?) { self.value = value ?? "" }

    public var description: String {
        // FNV-1a: stable across runs (unlike Hasher), which is what following a contact needs.
        var h: UInt32 = 2_166_136_261
        for b in value.utf8 {
            h ^= UInt32(b)
            h = h &* 16_777_619
        }
        return "<redacted \(value.utf8.count)B #\(String(h, radix: 16))>"
    }
}
