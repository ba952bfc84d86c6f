import Crypto
import IntakeChannel

/// `X-Hub-Signature-256`: `sha256=` and the hex HMAC-SHA256 of the raw body, keyed with the
/// Meta app's secret.
public struct WhatsAppSignature: Sendable {
    public static let header = "X-Hub-Signature-256"
    let key: SymmetricKey

    public init(appSecret: String) {
        key = SymmetricKey(data: Array(appSecret.utf8))
    }

    /// The header's value for `body`.
    public func sign(_ body: some Collection<UInt8>) -> String {
        "sha256=" + HMAC<SHA256>.authenticationCode(for: Array(body), using: key).map { hex($0) }.joined()
    }

    /// Compared in constant time; the hex digits in either case.
    public func isValid(_ header: String, body: some Collection<UInt8>) -> Bool {
        ConstantTime.equals(header.lowercased(), sign(body))
    }

    private func hex(_ b: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(b >> 4)], digits[Int(b & 0xF)]])
    }
}
