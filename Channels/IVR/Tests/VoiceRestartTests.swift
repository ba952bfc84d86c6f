import Foundation
import IntakeCore
import IntakeServer
import IntakeTestSupport
import IVRChannel
import Testing

/// The adapter as a separate process, killed (SIGKILL) between two steps of a call and started
/// again on the same data folder: the call carries on with what it had.
@Suite("Voice restart")
struct VoiceRestartTests {
    static func environment(_ data: String) -> [String: String] {
        ["INTAKE_DATA_DIR": data, "INTAKE_911_NUMBER": TestCall.emergencyNumber, "INTAKE_ACK_WAIT_MS": "5000",
         "INTAKE_REDELIVERY_SECONDS": "1"]
    }

    @Test("killed after the location was heard: after a restart the call goes on, and the case has the location given before")
    func answersSurviveAKill() async throws {
        try await TestStack.with { stack in
            try await RunningIntake.with(stack, stages: [.enrich, .writer]) { _ in
                let env = Self.environment(try Paths.temporaryDirectory("voice-adapter"))
                let call = TestCall()
                let first = try await IntakeProcess.start("adapters", stack: stack, environment: env)
                let heard = try await call.walk(first.baseURL, [
                    (.start, []), (.language, TestCall.digits("1")), (.location, TestCall.speech("Speedway and Campbell")),
                ])
                #expect(heard.contains("I heard: Speedway and Campbell"))
                await first.kill()

                let second = try await IntakeProcess.start("adapters", stack: stack, environment: env)
                // The read-back is answered where it was left: no "let's start again", no second menu.
                let next = try await call.walk(second.baseURL, [(.confirm, TestCall.digits("1"))])
                let doc = try TwiMLDocument(next, base: second.baseURL)
                ExpectedVerb.check(doc.verbs, [.gather("speech", "/twilio/voice/description", language: "en-US",
                                                       [.say("en-US", "describe the problem")]),
                                               .redirect("/twilio/voice/description")], "after restart")
                let end = try await call.walk(second.baseURL, [
                    (.description, TestCall.speech("Water main break flooding the street")), (.record, TestCall.digits("2")),
                ])
                let ref = try #require(VoiceTestSupport.spokenReference(in: end), "no reference read back in \(end)")

                let db = try await stack.ownerConnection()
                let rows = try await db.query("""
                    SELECT c.ref, c.location_text, c.description FROM cases c JOIN contacts k ON k.case_ref = c.ref WHERE k.id = $1
                    """, ["voice:\(call.sid)"])
                #expect(rows.count == 1)
                #expect(rows[0, "ref"] == ref)
                #expect(rows[0, "location_text"] == "Speedway and Campbell")
                #expect(rows[0, "description"] == "Water main break flooding the street")
                await db.close()
                #expect(await second.terminate() == 0)
            }
        }
    }

    @Test("an escalation raised while the bus is down survives a kill and is published after the restart")
    func escalationSurvivesAKill() async throws {
        try await TestStack.with { stack in
            let env = Self.environment(try Paths.temporaryDirectory("voice-adapter"))
            let call = TestCall(from: "+15205550199")
            let first = try await IntakeProcess.start("adapters", stack: stack, environment: env)
            try await stack.brokerStop()
            // The transfer does not wait for the bus.
            let answer = try await call.walk(first.baseURL, [(.start, []), (.language, TestCall.digits("9"))])
            #expect(answer.contains("<Dial"))
            let state = try #require(FileManager.default.contents(atPath: "\(env["INTAKE_DATA_DIR"]!)/calls/\(call.sid).json"))
            #expect(try IntakeJSON.decode(CallState.self, from: state).escalation?.published == false)
            // The publish attempt runs beside the answer; it fails, and says so at error level.
            try await VoiceTestSupport.eventually("the failed publish logged") { first.log.contains("not published yet") }
            #expect(!first.log.contains(call.from))
            await first.kill()

            try await stack.brokerStart()
            let probe = try BusProbe(stack)
            try await probe.start(subscribing: [TopicTree().escalation])
            let second = try await IntakeProcess.start("adapters", stack: stack, environment: env)
            let messages = try await probe.waitFor("the escalation") { !$0.isEmpty }
            let escalation = try IntakeJSON.decode(Escalation.self, from: messages[0].payload)
            #expect(escalation.callback == call.from)
            #expect(escalation.id == VoiceEscalation.id(callSID: call.sid))
            _ = try await call.walk(second.baseURL, [(.status, [("CallStatus", "completed")])])
            try await VoiceTestSupport.eventually("the call state removed") {
                !FileManager.default.fileExists(atPath: "\(env["INTAKE_DATA_DIR"]!)/calls/\(call.sid).json")
            }
            await probe.stop()
            #expect(await second.terminate() == 0)
        }
    }
}
