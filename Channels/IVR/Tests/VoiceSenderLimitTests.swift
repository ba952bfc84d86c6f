import Foundation
import IntakeTestSupport
import IVRChannel
import Testing

/// `INTAKE_SENDER_RATE_PER_MINUTE` on the phone: a number calling again and again is told, in
/// both languages, to dial 911 if anyone is in danger and otherwise to call later; calls under
/// way and other callers go on.
@Suite("Voice per-caller limit")
struct VoiceSenderLimitTests {
    @Test("the third call in a minute from one number hears 'too many calls' and a hang-up; a call under way and another number go on")
    func callerOverLimit() async throws {
        let settings = ["INTAKE_911_NUMBER": TestCall.emergencyNumber, "INTAKE_SENDER_RATE_PER_MINUTE": "2"]
        try await ChannelHarness.with(stages: [.adapters], settings: settings) { h in
            let base = h.intake.baseURL
            let first = TestCall(), second = TestCall(), third = TestCall()
            for call in [first, second] {
                let menu = try await call.walk(base, [(.start, [])])
                #expect(menu.contains("<Gather"), "\(menu)")
            }
            let refused = try await third.walk(base, [(.start, [])])
            let doc = try TwiMLDocument(refused, base: base)
            ExpectedVerb.check(doc.verbs, [.say("en-US", "dial 9 1 1"), .say("es-MX", "marque el 9 1 1"), .hangup], "over the limit")
            #expect(!refused.contains("<Gather"))

            // The first call carries on: its next step is answered as usual.
            let asked = try await first.walk(base, [(.language, TestCall.digits("1"))])
            #expect(asked.contains("/twilio/voice/location"), "\(asked)")

            // The refused call left no state: a later step of it is a restart, not a question.
            var other = TestCall()
            other.from = "+15205550188"
            let fresh = try await other.walk(base, [(.start, [])])
            #expect(fresh.contains("<Gather"), "\(fresh)")
            let rejected = try await VoiceTestSupport.metric(#"intake_channel_rejected_total{channel="voice",reason="rate_limited"}"#, at: base)
            #expect(rejected == 1)
        }
    }
}
