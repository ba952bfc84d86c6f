import Foundation
import IntakeTestSupport
import IVRChannel
import Testing

/// "To hear the status of a case, press 2": signed Twilio requests against the running adapter,
/// the case read from the real database as the reader role.
@Suite("Voice case status")
struct VoiceCaseStatusTests {
    typealias V = ExpectedVerb

    static func ask(_ lang: String, _ words: String) -> [V] {
        [.gather("dtmf", "/twilio/voice/case-status", [.say(lang, words)]), .redirect("/twilio/voice/case-status")]
    }

    static func told(_ lang: String, _ said: [String]) -> [V] {
        [ExpectedVerb(name: "Say", attributes: ["language": lang], textContains: said),
         .gather("dtmf", "/twilio/voice/case-status-menu", numDigits: "1", [.say(lang, lang == "es-MX" ? "oprima uno" : "press 1")]),
         .say(lang, lang == "es-MX" ? "Gracias" : "Goodbye"), .hangup]
    }

    static func location(_ lang: String, _ words: String) -> [V] {
        [.gather("speech dtmf", "/twilio/voice/location", language: lang, [.say(lang, words)]), .redirect("/twilio/voice/location")]
    }

    @Test("English: press 2, key in 2026000123#, hear the status and the last note; 1 returns to the menu")
    func english() async throws {
        try await ChannelHarness.with(settings: ["INTAKE_911_NUMBER": TestCall.emergencyNumber]) { h in
            try await h.stack.insertCase("TUC-2026-000123", status: "closed", note: "Patched on Monday", channel: "voice")
            let call = TestCall()
            let steps: [(VoiceRoute, [(String, String)], [V])] = [
                (.start, [], VoiceCallScriptTests.menu),
                (.language, TestCall.digits("1"), Self.location("en-US", "To hear the status of a case, press 2")),
                (.location, TestCall.digits("2"), Self.ask("en-US", "key in the year and the number of your case")),
                (.caseStatus, TestCall.digits("12#"), [
                    .gather("dtmf", "/twilio/voice/case-status", [.say("en-US", "not a case number"), .say("en-US", "key in the year")]),
                    .redirect("/twilio/voice/case-status"),
                ]),
                (.caseStatus, TestCall.digits("2026000123#"),
                 Self.told("en-US", ["Case T. U. C. 2. 0. 2. 6. 0. 0. 0. 1. 2. 3.", "Pothole", "is closed", "The last note says: Patched on Monday"])),
                (.caseStatusMenu, TestCall.digits("1"), Self.location("en-US", "where is the problem")),
            ]
            for (i, (route, parameters, expected)) in steps.enumerated() {
                let r = try await h.post(route.path, call.parameters(parameters))
                #expect(r.status == 200, "step \(i) \(route): \(r.body)")
                ExpectedVerb.check(try TwiMLDocument(r.body, base: h.intake.baseURL).verbs, expected, "step \(i) \(route.rawValue)")
            }
        }
    }

    @Test("Spanish: the status in Spanish; an unknown case is said so; no key after it says goodbye")
    func spanish() async throws {
        try await ChannelHarness.with(settings: ["INTAKE_911_NUMBER": TestCall.emergencyNumber]) { h in
            try await h.stack.insertCase("TUC-2026-000123", status: "closed", note: "Patched on Monday", channel: "voice")
            let call = TestCall()
            let steps: [(VoiceRoute, [(String, String)], [V])] = [
                (.start, [], VoiceCallScriptTests.menu),
                (.language, TestCall.digits("2"), Self.location("es-MX", "Para escuchar el estado de un caso, oprima dos")),
                (.location, TestCall.digits("2"), Self.ask("es-MX", "Marque el año y el número de su caso")),
                (.caseStatus, TestCall.digits("2026123#"), Self.told("es-MX", ["Bache", "está cerrado", "La última nota dice: Patched on Monday"])),
                (.caseStatusMenu, TestCall.digits("2"), Self.ask("es-MX", "Marque el año")),
                (.caseStatus, TestCall.digits("2026999999#"), Self.told("es-MX", ["No encontramos el caso"])),
                (.caseStatusMenu, [], [.say("es-MX", "Gracias"), .hangup]),
            ]
            for (i, (route, parameters, expected)) in steps.enumerated() {
                let r = try await h.post(route.path, call.parameters(parameters))
                #expect(r.status == 200, "step \(i) \(route): \(r.body)")
                ExpectedVerb.check(try TwiMLDocument(r.body, base: h.intake.baseURL).verbs, expected, "step \(i) \(route.rawValue)")
            }
        }
    }
}
