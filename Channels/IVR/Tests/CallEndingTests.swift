import Foundation
import IntakeCore
import IVRChannel
import Testing

/// What an ended or quiet call becomes: a contact, a count, or kept for what is still owed.
@Suite("Call ending")
struct CallEndingTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func state(_ edit: (inout CallState) -> Void = { _ in }) -> CallState {
        var s = CallState(callSID: "CA" + String(repeating: "1", count: 32), caller: "+15205550123", called: "+15205550311",
                          step: .description, now: now)
        edit(&s)
        return s
    }

    static let location = Heard(text: "Speedway and Campbell", confidence: 0.9)
    static let description = Heard(text: "Pothole", confidence: 0.9)

    static let cases: [(String, CallState, CallEnding.Disposition)] = [
        ("nothing given: abandoned at the step the caller left", state(), .abandon(at: .description)),
        ("location only: abandoned", state { $0.location = location }, .abandon(at: .description)),
        ("location and description: submitted", state { $0.location = location; $0.description = description }, .submit),
        ("a description still unclear is a report", state { $0.descriptionGuess = Heard(text: "pot hole", confidence: 0.2) }, .submit),
        ("a voice message alone is a report", state {
            $0.voicemail = Voicemail(recordingSID: "RE1", recordingURL: "https://x/RE1", durationSeconds: 5, transcriptionExpected: true)
        }, .submit),
        ("submitted during the call, no voice message: forgotten", state {
            $0.description = description
            $0.submission = SubmissionRecord(revision: 1)
        }, .forget),
        ("submitted, voice message callbacks owed: kept", state {
            $0.description = description
            $0.submission = SubmissionRecord(revision: 1)
            $0.voicemail = Voicemail(recordingSID: "RE1", recordingURL: "https://x/RE1", durationSeconds: 5, transcriptionExpected: true)
        }, .keep),
        ("hung up while recording: kept for the recording's callbacks", state {
            $0.description = description
            $0.step = .recording
            $0.submission = SubmissionRecord(revision: 1)
        }, .keep),
        ("escalation not yet on the bus: kept", state {
            $0.description = description
            $0.escalation = EscalationRecord(reason: "pressed 9", heard: nil, raisedAt: now)
        }, .keep),
        ("escalation published: forgotten, and no 311 case", state {
            $0.description = description
            $0.escalation = EscalationRecord(reason: "pressed 9", heard: nil, raisedAt: now)
            $0.escalation?.published = true
        }, .forget),
    ]

    @Test(arguments: cases)
    func disposition(_ name: String, _ s: CallState, _ expected: CallEnding.Disposition) {
        let (ended, d) = CallEnding.end(s, status: "completed", now: Self.now)
        #expect(d == expected, "\(name)")
        #expect(ended.ended?.status == "completed")
    }

    @Test("a voice message is settled once its recording came and, in English, its transcription")
    func voicemailSettled() {
        var v = Voicemail(recordingSID: "RE1", recordingURL: "https://x/RE1", durationSeconds: 5, transcriptionExpected: true)
        #expect(!v.settled)
        v.recordingSettled = true
        #expect(!v.settled)
        v.transcriptionStatus = "failed"
        #expect(v.settled)
        var spanish = Voicemail(recordingSID: "RE2", recordingURL: "https://x/RE2", durationSeconds: 5, transcriptionExpected: false)
        spanish.recordingSettled = true
        #expect(spanish.settled)
    }

    @Test("the sweep ends quiet live calls, lets ended ones wait for callbacks, and never drops an escalation")
    func sweep() {
        let timings = CallEnding.Timings(liveCallExpiry: .seconds(600), endedCallRetention: .seconds(3600))
        let live = Self.state { $0.location = Self.location; $0.description = Self.description }
        #expect(CallEnding.sweep(live, now: Self.now.addingTimeInterval(599), timings: timings) == nil)
        let expired = CallEnding.sweep(live, now: Self.now.addingTimeInterval(601), timings: timings)
        #expect(expired?.1 == .submit)
        #expect(expired?.0.ended?.status == "expired")

        let waiting = Self.state {
            $0.description = Self.description
            $0.submission = SubmissionRecord(revision: 1)
            $0.voicemail = Voicemail(recordingSID: "RE1", recordingURL: "https://x/RE1", durationSeconds: 5, transcriptionExpected: true)
            $0.ended = CallEnd(status: "completed", at: Self.now)
        }
        #expect(CallEnding.sweep(waiting, now: Self.now.addingTimeInterval(1800), timings: timings) == nil)
        #expect(CallEnding.sweep(waiting, now: Self.now.addingTimeInterval(3601), timings: timings)?.1 == .forget)

        let escalated = Self.state {
            $0.escalation = EscalationRecord(reason: "pressed 9", heard: nil, raisedAt: Self.now)
            $0.ended = CallEnd(status: "completed", at: Self.now)
        }
        #expect(CallEnding.sweep(escalated, now: Self.now.addingTimeInterval(86_400), timings: timings) == nil)
    }
}
