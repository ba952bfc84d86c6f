import IntakeTestSupport
import Testing

/// What the SMS webhook refuses, in process: no broker, no database, and nothing spooled.
@Suite("SMS webhook refusals")
struct SMSWebhookRefusalTests {
    static let path = "/twilio/sms"
    static let message = TestTwilio.smsParameters(body: "Pothole on Speedway and Campbell")

    static let refusals: [WebhookRefusal] = [
        WebhookRefusal("wrong token is refused", path: path, parameters: message, signing: .wrongToken, status: 403),
        WebhookRefusal("unsigned is refused", path: path, parameters: message, signing: .unsigned, status: 403),
        WebhookRefusal("tampered parameters are refused", path: path, parameters: message, signing: .tampered, status: 403),
        WebhookRefusal("a forged request to the Spanish number is refused", path: path + "?lang=es", parameters: message,
                       signing: .wrongToken, status: 403),
        WebhookRefusal("malformed escape is refused", path: path, parameters: message, rawBody: "Body=%ZZ&From=%2B15205550100", status: 400),
        WebhookRefusal("JSON body is refused", path: path, parameters: message, rawBody: "{\"Body\":\"hi\"}",
                       contentType: "application/json", status: 400),
        WebhookRefusal("missing MessageSid is refused", path: path, parameters: [("From", "+15205550100"), ("Body", "hi")], status: 400),
        WebhookRefusal("oversized body is refused", path: path,
                       parameters: TestTwilio.smsParameters(body: String(repeating: "x", count: 300_000)), status: 413),
    ]

    @Test(arguments: refusals)
    func refused(_ r: WebhookRefusal) async throws {
        try await InProcessWebhook.with(.sms) { h in
            let answer = try await h.post(r)
            #expect(answer.status == r.status, "\(answer.body)")
            #expect(h.spool.pendingCount == 0)
        }
    }
}
