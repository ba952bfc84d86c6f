import Foundation
import IntakeTestSupport
import IVRChannel

/// One test phone call: its CallSid and numbers, and the parameters Twilio sends on every request
/// of it (as in Twilio's voice webhook fixture), plus each step's own.
struct TestCall: Sendable {
    var sid = "CA" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    var from = "+15205550123"
    var to = "+15205550311"

    static let emergencyNumber = "+15205550911"

    /// A step's own parameters replace the common ones of the same name (`CallStatus` at the end).
    func parameters(_ extra: [(String, String)] = []) -> [(String, String)] {
        let common = [("AccountSid", TestTwilio.accountSID), ("ApiVersion", "2010-04-01"), ("CallSid", sid),
                      ("CallStatus", "in-progress"), ("Called", to), ("Caller", from), ("Direction", "inbound"), ("From", from),
                      ("FromCity", "TUCSON"), ("FromState", "AZ"), ("FromZip", "85701"), ("To", to)]
        return common.filter { c in !extra.contains { $0.0 == c.0 } } + extra
    }

    static func speech(_ text: String, confidence: Double = 0.92) -> [(String, String)] {
        [("SpeechResult", text), ("Confidence", String(confidence))]
    }

    static func digits(_ d: String) -> [(String, String)] { [("Digits", d)] }
}
