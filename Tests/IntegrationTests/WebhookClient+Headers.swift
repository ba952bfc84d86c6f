import AsyncHTTPClient
import Foundation
import IntakeTestSupport
import NIOCore
import TwilioSupport

/// A signed SMS webhook whose answer's headers the test reads (`Retry-After`).
struct SignedSMS {
    struct Answer {
        var status: Int
        var retryAfter: String?
        var body: String
    }

    static func post(_ baseURL: String, body: String, sid: String = TestTwilio.messageSID(), from: String = "+15205550123") async throws -> Answer {
        let url = "\(baseURL)/twilio/sms"
        let parameters = TestTwilio.smsParameters(body: body, sid: sid, from: from)
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: TwilioSignature.header, value: TestTwilio.Signing.valid.signature(url: url, parameters: parameters))
        request.body = .bytes(ByteBuffer(string: FormBody.encode(parameters)))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
        return Answer(status: Int(response.status.code), retryAfter: response.headers.first(name: "Retry-After"), body: text)
    }

    static func health(_ baseURL: String) async throws -> Answer {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "\(baseURL)/health"), timeout: .seconds(5))
        let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
        return Answer(status: Int(response.status.code), retryAfter: response.headers.first(name: "Retry-After"), body: text)
    }

    /// Polls `/health` until `predicate` holds, or fails after `timeout`.
    static func waitForHealth(_ baseURL: String, timeout: Duration = .seconds(30), _ predicate: (Answer) -> Bool) async throws -> Answer {
        let deadline = ContinuousClock.now + timeout
        var last: Answer?
        while ContinuousClock.now < deadline {
            let h = try await health(baseURL)
            if predicate(h) { return h }
            last = h
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestSetupError("health did not change within \(timeout); last \(last.map { "\($0.status) \($0.body)" } ?? "none")")
    }
}
