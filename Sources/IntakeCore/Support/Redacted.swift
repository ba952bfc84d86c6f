import Crypto

/// Hides a resident's words, number or address in logs above debug level.
///
/// Log `Redacted(text)` instead of the text: at info it shows a length and a short fingerprint,
/// enough to follow one contact through the logs without reading it. The fingerprint is an
/// HMAC-SHA256 keyed with the install's secret (`LogFingerprintKey`), cut to 12 hex digits: the
/// same text gives the same fingerprint in every process of one install, and without the key a
/// phone number cannot be recovered from it by trying every number.
public struct Redacted: CustomStringConvertible, Sendable {
    let value: String

    public init(_ value: String?) { self.value = value ?? "" }

    public var description: String {
        "<redacted \(value.utf8.count)B #\(Self.fingerprint(value))>"
    }

    /// Until a process installs its key, a random one of its own: never an unkeyed hash.
    private static let key = Locked(SymmetricKey(size: .bits256))

    /// Sets the key fingerprints are made with from now on (at start, from `LogFingerprintKey`).
    public static func useKey(_ bytes: [UInt8]) {
        key.withLock { $0 = SymmetricKey(data: bytes) }
    }

    /// The first 6 bytes of HMAC-SHA256(key, text), in hex, with the installed key.
    public static func fingerprint(_ text: String) -> String {
        fingerprint(text, using: key.withLock { $0 })
    }

    /// The same with the given key.
    public static func fingerprint(_ text: String, key: [UInt8]) -> String {
        fingerprint(text, using: SymmetricKey(data: key))
    }

    private static func fingerprint(_ text: String, using k: SymmetricKey) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: k)
        return mac.prefix(6).map { b in (b < 16 ? "0" : "") + String(b, radix: 16) }.joined()
    }
}
