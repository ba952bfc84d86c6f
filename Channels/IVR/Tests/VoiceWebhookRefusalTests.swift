import Foundation
import IntakeTestSupport
import IVRChannel
import Testing

/// What the voice webhooks refuse, in process: every route, callbacks included, on a call that
/// has begun. No broker, no database; the call's state does not change and nothing is spooled.
@Suite("Voice webhook refusals")
struct VoiceWebhookRefusalTests {
    /// One call for the whole table: each case runs on its own data directory.
    static let call = TestCall()

    static func forged(_ route: VoiceRoute, _ signing: TestTwilio.Signing) -> WebhookRefusal {
        // A forged 9 would transfer the call; a forged hang-up would end it.
        let params = call.parameters(route == .status ? [("CallStatus", "completed")] : TestCall.digits("9"))
        return WebhookRefusal("\(route.path) \(signing)", path: route.path, parameters: params, signing: signing, status: 403)
    }

    static let refusals: [WebhookRefusal] = [
        forged(.start, .wrongToken), forged(.start, .unsigned), forged(.language, .tampered), forged(.location, .unsigned),
        forged(.confirm, .wrongToken), forged(.description, .tampered), forged(.record, .unsigned), forged(.recorded, .wrongToken),
        forged(.recording, .wrongToken), forged(.transcription, .unsigned), forged(.status, .tampered),
        forged(.emergency, .unsigned), forged(.reference, .wrongToken),
        WebhookRefusal("no CallSid is refused", path: VoiceRoute.location.path, parameters: [("From", call.from)], status: 400),
        WebhookRefusal("a CallSid that is not one is refused", path: VoiceRoute.location.path,
                       parameters: call.parameters().map { $0.0 == "CallSid" ? ($0.0, "CA../../x") : $0 }, status: 400),
        WebhookRefusal("JSON body is refused", path: VoiceRoute.language.path, parameters: call.parameters(TestCall.digits("9")),
                       rawBody: "{\"Digits\":\"9\"}", contentType: "application/json", status: 400),
        WebhookRefusal("oversized body is refused", path: VoiceRoute.description.path,
                       parameters: call.parameters(TestCall.speech(String(repeating: "x", count: 300_000))), status: 413),
    ]

    @Test(arguments: refusals)
    func refused(_ r: WebhookRefusal) async throws {
        try await InProcessWebhook.with(.voice, settings: ["INTAKE_911_NUMBER": TestCall.emergencyNumber]) { h in
            let start = try await h.post(VoiceRoute.start.path, Self.call.parameters())
            #expect(start.status == 200, "\(start.body)")
            let statePath = "\(h.settings.dataDirectory)/calls/\(Self.call.sid).json"
            let before = try #require(FileManager.default.contents(atPath: statePath))
            let answer = try await h.post(r)
            #expect(answer.status == r.status, "\(answer.body)")
            // No forged 9 reached the call (an escalation is written into its state first), no forged hang-up ended it.
            #expect(FileManager.default.contents(atPath: statePath) == before)
            #expect(h.spool.pendingCount == 0)
        }
    }
}
