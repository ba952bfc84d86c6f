import Foundation
import TwilioSupport

/// A phone call of the fault bench: the IVR's steps in English, each signed as Twilio signs it.
/// The call reports a problem and declines the voice message, so its contact is submitted on the
/// last step, whose answer reads the case number back or says it will follow by text.
enum BenchCall {
    /// What the last step answers when the report was taken: the caller heard "received".
    static let takenMarker = "your report has been received"
    /// A case number read back (`T. U. C. 2. 0. …`).
    static let spokenReference = "T. U. C. "

    static func steps(callSID: String, from: String, baseURL: String, token: String, place: String, text: String) -> [WebhookMix.Step] {
        let common: [(String, String)] = [
            ("AccountSid", "AC" + String(repeating: "b", count: 32)), ("ApiVersion", "2010-04-01"), ("CallSid", callSID),
            ("CallStatus", "in-progress"), ("Called", "+15205550311"), ("Caller", from), ("Direction", "inbound"),
            ("From", from), ("To", "+15205550311"),
        ]
        let answers: [(String, [(String, String)])] = [
            ("/twilio/voice", []),
            ("/twilio/voice/language", [("Digits", "1")]),
            ("/twilio/voice/location", [("SpeechResult", place), ("Confidence", "0.93")]),
            ("/twilio/voice/confirm", [("Digits", "1")]),
            ("/twilio/voice/description", [("SpeechResult", text), ("Confidence", "0.91")]),
            ("/twilio/voice/record", [("Digits", "2")]),
        ]
        return answers.map { path, own in
            let params = (common + own).sorted { $0.0 < $1.0 }
            let signature = TwilioSignature(authToken: token).compute(url: baseURL + path, parameters: params)
            return WebhookMix.Step(path: path, headers: [(TwilioSignature.header, signature)], body: Array(FormBody.encode(params).utf8))
        }
    }
}
