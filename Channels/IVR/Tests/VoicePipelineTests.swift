import Foundation
import IntakeChannel
import IntakeCore
import IntakeTestSupport
import IVRChannel
import Testing
import TwilioSupport

/// Calls through the whole pipeline: real HTTP, real mosquitto, real PostgreSQL.
@Suite("Voice pipeline")
struct VoicePipelineTests {
    static let settings = ["INTAKE_911_NUMBER": TestCall.emergencyNumber, "INTAKE_ACK_WAIT_MS": "5000"]

    @Test("a full call ends as one case with the location and description; the voice message and its transcription join the same contact")
    func fullCall() async throws {
        let audio = (0..<8000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        try await ChannelHarness.with(stages: [.adapters, .enrich, .writer], settings: Self.settings,
                                      media: ["voicemail": (audio, "audio/x-wav")]) { h in
            let call = TestCall()
            let recording: [(String, String)] = [("RecordingUrl", "\(h.provider.baseURL)/media/voicemail"),
                                                 ("RecordingSid", "RE0123456789abcdef0123456789abcdef"), ("RecordingDuration", "9")]
            let answer = try await call.walk(h.intake.baseURL, TestCall.reportSteps(
                location: "Speedway and Campbell", description: "Large pothole in the eastbound lane") + [
                (.record, TestCall.digits("1")), (.recorded, recording),
            ])
            let spoken = try #require(VoiceTestSupport.spokenReference(in: answer), "no reference read back in \(answer)")

            let db = try await h.stack.ownerConnection()
            let rows = try await db.query("""
                SELECT c.ref, c.channel, c.language, c.location_text, c.description, k.sender_address
                FROM cases c JOIN contacts k ON k.case_ref = c.ref WHERE k.id = $1
                """, ["voice:\(call.sid)"])
            #expect(rows.count == 1)
            #expect(rows[0, "ref"] == spoken)
            #expect(rows[0, "channel"] == "voice")
            #expect(rows[0, "language"] == "en")
            #expect(rows[0, "location_text"] == "Speedway and Campbell")
            #expect(rows[0, "description"] == "Large pothole in the eastbound lane")
            #expect(rows[0, "sender_address"] == call.from)

            // Twilio's callbacks after the call: the audio, then the transcription.
            _ = try await call.walk(h.intake.baseURL, [
                (.recording, recording + [("RecordingStatus", "completed")]),
                (.transcription, [("RecordingSid", "RE0123456789abcdef0123456789abcdef"), ("TranscriptionStatus", "completed"),
                                  ("TranscriptionText", "The pothole is about two feet wide")]),
                (.status, [("CallStatus", "completed")]),
            ])
            try await h.probe.waitFor("the contact with the voice message") { _ in
                (try? h.contacts(channel: "voice").contains { Self.transcription(of: $0) != nil && !$0.attachments.isEmpty }) == true
            }
            let contacts = try h.contacts(channel: "voice").filter { $0.id == "voice:\(call.sid)" }
            let last = try #require(contacts.last)
            #expect(last.attachments.first?.sha256 == BlobStore.sha256(audio))
            #expect(last.attachments.first?.mediaType == "audio/x-wav")
            #expect(Self.transcription(of: last) == "The pothole is about two feet wide")
            #expect(last.location?.text == "Speedway and Campbell")
            #expect(last.text == "Large pothole in the eastbound lane")
            // The audio is in the blob store; only its hash travelled.
            let blob = FileManager.default.contents(atPath: "\(h.intake.settings.dataDirectory)/blobs/\(last.attachments[0].sha256.prefix(2))/\(last.attachments[0].sha256)")
            #expect(blob.map([UInt8].init) == audio)

            #expect(last.revision == 3)
            // One row, updated in place to the last revision: the audio's hash and the transcription are stored with it.
            try await h.stack.waitForValue("SELECT revision FROM contacts WHERE id = $1", ["voice:\(call.sid)"], equals: "3")
            let stored = try await db.query("""
                SELECT count(*) OVER () AS n, envelope->'attachments'->0->>'sha256' AS sha256,
                       envelope->'channel_data'->'voicemail'->>'transcription' AS transcription, case_ref
                FROM contacts WHERE id = $1
                """, ["voice:\(call.sid)"])
            #expect(stored[0, "n"] == "1")
            #expect(stored[0, "sha256"] == BlobStore.sha256(audio))
            #expect(stored[0, "transcription"] == "The pothole is about two feet wide")
            #expect(stored[0, "case_ref"] == spoken)
            try await h.stack.waitForValue("SELECT count(*) FROM cases", equals: "1")
            // Everything owed has come: the call's state is gone.
            try await VoiceTestSupport.eventually("the call state removed") {
                !FileManager.default.fileExists(atPath: "\(h.intake.settings.dataDirectory)/calls/\(call.sid).json")
            }
            await db.close()
        }
    }

    @Test("a caller who hangs up while recording: the report is submitted at the hang-up and the message joins it when its callbacks come")
    func hangUpWhileRecording() async throws {
        let audio = (0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 13) }
        try await ChannelHarness.with(settings: Self.settings.merging(["INTAKE_ACK_WAIT_MS": "0"]) { _, o in o },
                                      media: ["voicemail": (audio, "audio/x-wav")]) { h in
            let call = TestCall()
            let recording: [(String, String)] = [("RecordingUrl", "\(h.provider.baseURL)/media/voicemail"),
                                                 ("RecordingSid", "RE" + String(repeating: "d", count: 32)), ("RecordingDuration", "4")]
            try await call.walk(h.intake.baseURL, TestCall.reportSteps(location: "Grant and Campbell", description: "Tree down across the road")
                                + [(.record, TestCall.digits("1")), (.status, [("CallStatus", "completed")])])
            try await h.probe.waitFor("the contact at the hang-up") { _ in (try? h.contacts(channel: "voice").isEmpty) == false }
            #expect(try h.contacts(channel: "voice").first?.attachments.isEmpty == true)
            // Twilio's callbacks for the message come after the end of the call.
            try await call.walk(h.intake.baseURL, [(.recorded, recording), (.recording, recording + [("RecordingStatus", "completed")]),
                                                   (.transcription, [("TranscriptionStatus", "failed")])])
            try await h.probe.waitFor("the contact with the message") { _ in
                (try? h.contacts(channel: "voice").contains { !$0.attachments.isEmpty }) == true
            }
            let last = try #require(try h.contacts(channel: "voice").last)
            #expect(last.id == "voice:\(call.sid)")
            #expect(last.revision > 1)
            #expect(last.attachments.first?.sha256 == BlobStore.sha256(audio))
            #expect(last.text == "Tree down across the road")
            try await VoiceTestSupport.eventually("the call state removed") {
                !FileManager.default.fileExists(atPath: "\(h.intake.settings.dataDirectory)/calls/\(call.sid).json")
            }
        }
    }

    static func transcription(of c: ContactEnvelope) -> String? {
        guard case .object(let v)? = c.channelData["voicemail"], case .string(let t)? = v["transcription"] else { return nil }
        return t
    }

    @Test("an emergency publishes an escalation with the caller's number and what is known, and makes no case")
    func escalation() async throws {
        try await ChannelHarness.with(stages: [.adapters, .enrich, .writer], settings: Self.settings) { h in
            let pressed = TestCall(from: "+15205550177")
            try await pressed.walk(h.intake.baseURL, [(.start, []), (.language, TestCall.digits("9"))])
            let spoken = TestCall(from: "+15205550188")
            let answer = try await spoken.walk(h.intake.baseURL, TestCall.reportSteps(
                location: "Speedway and Campbell", description: "there is a gas leak next to the school"))
            #expect(answer.contains("<Dial"))

            let topic = h.intake.settings.topics.escalation
            try await h.probe.waitFor("two escalations") { _ in h.probe.messages(on: topic).count >= 2 }
            let escalations = try h.probe.messages(on: topic).map { try IntakeJSON.decode(Escalation.self, from: $0.payload) }
            let byKeypad = try #require(escalations.first { $0.callback == pressed.from })
            #expect(byKeypad.channel == "voice")
            #expect(byKeypad.reason.contains("9"))
            #expect(byKeypad.location == nil)
            let byWords = try #require(escalations.first { $0.callback == spoken.from })
            #expect(byWords.reason == "emergency words: gas leak")
            #expect(byWords.location?.text == "Speedway and Campbell")
            #expect(byWords.text?.contains("gas leak") == true)

            for call in [pressed, spoken] {
                try await call.walk(h.intake.baseURL, [(.emergency, [("DialCallStatus", "completed")]), (.status, [("CallStatus", "completed")])])
            }
            try await VoiceTestSupport.eventually("the call states removed") {
                try FileManager.default.contentsOfDirectory(atPath: "\(h.intake.settings.dataDirectory)/calls").isEmpty
            }
            try await Task.sleep(for: .milliseconds(500))
            #expect(try h.contacts(channel: "voice").isEmpty)
            try await h.stack.waitForValue("SELECT count(*) FROM cases", equals: "0")
        }
    }

    @Test("a caller who hangs up after the location and the description still makes a case; the reference follows by SMS")
    func hangUpWithReport() async throws {
        try await ChannelHarness.with(stages: [.adapters, .enrich, .writer], settings: Self.settings) { h in
            let call = TestCall(from: "+15205550166")
            try await call.walk(h.intake.baseURL, TestCall.reportSteps(location: "Oracle and Grant", description: "Traffic light stuck on red")
                                + [(.status, [("CallStatus", "completed")])])
            try await h.stack.waitForValue("""
                SELECT c.location_text || ' / ' || c.description FROM cases c JOIN contacts k ON k.case_ref = c.ref WHERE k.id = $1
                """, ["voice:\(call.sid)"], equals: "Oracle and Grant / Traffic light stuck on red")
            let sent = try await h.provider.waitFor { $0.contains { $0.path.hasSuffix("/Messages.json") } }
            let message = try #require(sent.first { $0.path.hasSuffix("/Messages.json") })
            let form = try FormBody(parsing: Array(message.body.utf8))
            #expect(form["To"] == call.from)
            #expect(form["From"] == call.to)
            #expect(form["Body"].flatMap { CaseReference.first(in: $0, prefix: "TUC") } != nil)
        }
    }

    @Test("a caller who hangs up having given nothing makes no case and is counted at /metrics")
    func hangUpWithNothing() async throws {
        try await ChannelHarness.with(settings: Self.settings) { h in
            let menuSample = #"intake_calls_abandoned_total{step="menu"}"#
            let descriptionSample = #"intake_calls_abandoned_total{step="description"}"#
            let menuBefore = try await VoiceTestSupport.metric(menuSample, at: h.intake.baseURL)
            let descriptionBefore = try await VoiceTestSupport.metric(descriptionSample, at: h.intake.baseURL)

            let silent = TestCall()
            try await silent.walk(h.intake.baseURL, [(.start, []), (.status, [("CallStatus", "completed")])])
            // A location alone is no report either.
            let partial = TestCall()
            try await partial.walk(h.intake.baseURL, [(.start, []), (.language, TestCall.digits("1")),
                                                     (.location, TestCall.speech("Grant Road")), (.confirm, TestCall.digits("1")),
                                                     (.status, [("CallStatus", "no-answer")])])

            #expect(try await VoiceTestSupport.metric(menuSample, at: h.intake.baseURL) >= menuBefore + 1)
            #expect(try await VoiceTestSupport.metric(descriptionSample, at: h.intake.baseURL) >= descriptionBefore + 1)
            try await Task.sleep(for: .milliseconds(500))
            #expect(try h.contacts(channel: "voice").isEmpty)
            #expect(try FileManager.default.contentsOfDirectory(atPath: "\(h.intake.settings.dataDirectory)/calls").isEmpty)
        }
    }
}
