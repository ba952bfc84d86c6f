public import AsyncHTTPClient
import Foundation
import NIOCore
public import TwilioSupport

/// Signed Twilio webhooks, as Twilio would send them.
public enum TestTwilio {
    public static let authToken = "test-auth-token-0123456789"
    public static let accountSID = "AC" + String(repeating: "1", count: 32)

    /// A random message SID, so that tests sharing a database never collide.
    public static func messageSID() -> String {
        "SM" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }

    public static func smsParameters(body: String, sid: String = messageSID(), from: String = "+15205550123",
                                     to: String = "+15205550311", extra: [(String, String)] = []) -> [(String, String)] {
        [("AccountSid", accountSID), ("ApiVersion", "2010-04-01"), ("Body", body), ("From", from), ("MessageSid", sid),
         ("NumMedia", "0"), ("NumSegments", "1"), ("SmsMessageSid", sid), ("SmsSid", sid), ("SmsStatus", "received"), ("To", to)]
            + extra
    }

    /// How a test request is signed.
    public enum Signing: Sendable {
        case valid
        case wrongToken
        case unsigned
        /// Signed, then one parameter changed on the way.
        case tampered

        /// The `X-Twilio-Signature` of a request to `url` with `parameters`; empty for none.
        public func signature(url: String, parameters: [(String, String)]) -> String {
            switch self {
            case .valid: TwilioSignature(authToken: authToken).compute(url: url, parameters: parameters)
            case .wrongToken: TwilioSignature(authToken: "not-the-token").compute(url: url, parameters: parameters)
            case .unsigned: ""
            case .tampered: TwilioSignature(authToken: authToken).compute(url: url, parameters: parameters + [("Extra", "1")])
            }
        }
    }

    /// POSTs a form to `url`, signed for exactly that URL unless `signature` is given.
    public static func post(_ url: String, parameters: [(String, String)], signature: String? = nil,
                            token: String = authToken, rawBody: String? = nil,
                            contentType: String = "application/x-www-form-urlencoded") async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: contentType)
        request.headers.add(name: "User-Agent", value: "TwilioProxy/1.1")
        let sig = signature ?? TwilioSignature(authToken: token).compute(url: url, parameters: parameters)
        if !sig.isEmpty { request.headers.add(name: TwilioSignature.header, value: sig) }
        request.body = .bytes(ByteBuffer(string: rawBody ?? FormBody.encode(parameters)))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: body))
    }
}
