import Crypto
public import Foundation

/// How the CAD webhook is signed, so that the CAD vendor can tell our requests from anyone's:
///
///     X-Intake-Timestamp: 1795241793                 (Unix seconds when the request was signed)
///     X-Intake-Signature: v1=<hex HMAC-SHA256(key, "<timestamp>.<body>")>
///
/// The key is the bytes of `INTAKE_CAD_SIGNING_KEY_FILE` (trailing newline removed). A receiver
/// recomputes the HMAC over the timestamp, a dot and the raw body exactly as received, compares
/// in constant time, and refuses timestamps more than five minutes from its clock (replays).
public struct CADSignature: Sendable {
    public static let timestampHeader = "X-Intake-Timestamp"
    public static let signatureHeader = "X-Intake-Signature"

    let key: SymmetricKey

    public init(key: [UInt8]) {
        self.key = SymmetricKey(data: key)
    }

    /// The `X-Intake-Signature` value for `body` signed at `timestamp`.
    public func sign(body: [UInt8], timestamp: Int) -> String {
        var message = Array("\(timestamp).".utf8)
        message += body
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: key)
        return "v1=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// What a receiver does: true when `signature` is ours for `body` at `timestamp`, and the
    /// timestamp is within `tolerance` seconds of `now`.
    public func verify(body: [UInt8], timestamp: String, signature: String, now: Date = Date(), tolerance: Int = 300) -> Bool {
        guard let t = Int(timestamp), abs(Int(now.timeIntervalSince1970) - t) <= tolerance else { return false }
        let expected = Array(sign(body: body, timestamp: t).utf8)
        let given = Array(signature.utf8)
        guard expected.count == given.count else { return false }
        var diff: UInt8 = 0
        for (a, b) in zip(expected, given) { diff |= a ^ b }
        return diff == 0
    }
}
