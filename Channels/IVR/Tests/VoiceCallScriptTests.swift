import Foundation
import IntakeCore
import IntakeServer
import IntakeTestSupport
import IVRChannel
import Testing

/// Call scripts through the real HTTP server and a real broker: each a sequence of signed Twilio
/// requests and the TwiML verbs expected back, parsed as XML.
@Suite("Voice call scripts")
struct VoiceCallScriptTests {
    struct Step: Sendable {
        var route: VoiceRoute
        var parameters: [(String, String)] = []
        var expect: [ExpectedVerb]
    }

    struct Script: Sendable, CustomTestStringConvertible {
        var name: String
        var stages: Set<Stage> = [.adapters]
        var steps: [Step]
        var testDescription: String { name }
    }

    typealias V = ExpectedVerb

    static let menu: [V] = [
        .gather("speech dtmf", "/twilio/voice/language", numDigits: "1", [
            .say("en-US", "press 9"), .say("es-MX", "oprima nueve"), .say("en-US", "For English, press 1"),
            .say("es-MX", "Para español, oprima dos"),
        ]),
        .redirect("/twilio/voice/language"),
    ]

    static func location(_ lang: String, _ words: String) -> [V] {
        [.gather("speech dtmf", "/twilio/voice/location", language: lang, [.say(lang, words)]), .redirect("/twilio/voice/location")]
    }

    static func confirm(_ lang: String, _ heard: String) -> [V] {
        [.gather("speech dtmf", "/twilio/voice/confirm", language: lang, numDigits: "1", [.say(lang, heard)]), .redirect("/twilio/voice/confirm")]
    }

    static func description(_ lang: String, _ words: String) -> [V] {
        [.gather("speech", "/twilio/voice/description", language: lang, [.say(lang, words)]), .redirect("/twilio/voice/description")]
    }

    static func offer(_ lang: String) -> [V] {
        [.gather("dtmf", "/twilio/voice/record", numDigits: "1", [.say(lang, lang == "es-MX" ? "oprima uno" : "press 1")]),
         .redirect("/twilio/voice/record")]
    }

    static func transfer(_ lang: String) -> [V] {
        [.say(lang, "9 1 1"), .dial(TestCall.emergencyNumber)]
    }

    static let readBack: [V] = [
        .say("en-US", "Your case number is", "T. U. C. 2. 0."),
        .gather("dtmf", "/twilio/voice/reference", numDigits: "1", [.say("en-US", "To hear your case number again, press 1")]),
        .say("en-US", "Goodbye"), .hangup,
    ]

    static let englishToDescription: [Step] = [
        Step(route: .start, expect: menu),
        Step(route: .language, parameters: TestCall.digits("1"), expect: location("en-US", "where is the problem")),
        Step(route: .location, parameters: TestCall.speech("Speedway and Campbell"), expect: confirm("en-US", "I heard: Speedway and Campbell")),
        Step(route: .confirm, parameters: TestCall.digits("1"), expect: description("en-US", "describe the problem")),
    ]

    static let spanishToDescription: [Step] = [
        Step(route: .start, expect: menu),
        Step(route: .language, parameters: TestCall.digits("2"), expect: location("es-MX", "dónde está el problema")),
        Step(route: .location, parameters: TestCall.speech("Calle Stone y Congress"), expect: confirm("es-MX", "Entendí: Calle Stone y Congress")),
        Step(route: .confirm, parameters: TestCall.speech("sí"), expect: description("es-MX", "describa el problema")),
    ]

    static let scripts: [Script] = [
        Script(name: "English, case committed in time: the reference is read back, and again on 1", stages: [.adapters, .enrich, .writer],
               steps: englishToDescription + [
                   Step(route: .description, parameters: TestCall.speech("Large pothole in the eastbound lane"), expect: offer("en-US")),
                   Step(route: .record, parameters: TestCall.digits("2"), expect: readBack),
                   Step(route: .reference, parameters: TestCall.digits("1"), expect: readBack),
                   Step(route: .reference, parameters: TestCall.digits("#"), expect: [.say("en-US", "Goodbye"), .hangup]),
               ]),
        Script(name: "Spanish, no writer running: the reference follows by text message",
               steps: spanishToDescription + [
                   Step(route: .description, parameters: TestCall.speech("Hay un bache enorme en la calle"), expect: offer("es-MX")),
                   Step(route: .record, parameters: TestCall.digits("2"), expect: [.say("es-MX", "mensaje de texto"), .hangup]),
               ]),
        Script(name: "a voice message: <Record> with its callbacks, transcribed in English",
               steps: englishToDescription + [
                   Step(route: .description, parameters: TestCall.speech("Streetlight out"), expect: offer("en-US")),
                   Step(route: .record, parameters: TestCall.digits("1"),
                        expect: [.say("en-US", "after the tone"), .record(transcribe: true), .redirect("/twilio/voice/recorded")]),
               ]),
        Script(name: "a voice message in Spanish is not sent for transcription",
               steps: spanishToDescription + [
                   Step(route: .description, parameters: TestCall.speech("Hay graffiti en la pared"), expect: offer("es-MX")),
                   Step(route: .record, parameters: TestCall.digits("1"),
                        expect: [.say("es-MX", "después del tono"), .record(transcribe: false), .redirect("/twilio/voice/recorded")]),
               ]),
        Script(name: "9 at the emergency screen transfers to the 911 number",
               steps: [
                   Step(route: .start, expect: menu),
                   Step(route: .language, parameters: TestCall.digits("9"), expect: transfer("en-US")),
                   Step(route: .emergency, parameters: [("DialCallStatus", "completed")], expect: [.hangup]),
               ]),
        Script(name: "emergency words at the location step (English)",
               steps: [
                   Step(route: .start, expect: menu),
                   Step(route: .language, parameters: TestCall.digits("1"), expect: location("en-US", "where")),
                   Step(route: .location, parameters: TestCall.speech("there is a fire behind my house on Grant"), expect: transfer("en-US")),
               ]),
        Script(name: "emergency words at the location step (Spanish)",
               steps: [
                   Step(route: .start, expect: menu),
                   Step(route: .language, parameters: TestCall.digits("2"), expect: location("es-MX", "dónde")),
                   Step(route: .location, parameters: TestCall.speech("hay una balacera en la calle Grande"), expect: transfer("es-MX")),
               ]),
        Script(name: "emergency words at the description step (English)",
               steps: englishToDescription + [
                   Step(route: .description, parameters: TestCall.speech("a car crash and the driver is injured", confidence: 0.4),
                        expect: transfer("en-US")),
                   Step(route: .emergency, parameters: [("DialCallStatus", "no-answer")],
                        expect: [.say("en-US", "hang up and dial 9 1 1"), .hangup]),
               ]),
        Script(name: "emergency words at the description step (Spanish)",
               steps: spanishToDescription + [
                   Step(route: .description, parameters: TestCall.speech("mi vecino no está respirando"), expect: transfer("es-MX")),
               ]),
        Script(name: "low confidence is asked again, twice, then the call carries on",
               steps: [
                   Step(route: .start, expect: menu),
                   Step(route: .language, parameters: TestCall.digits("1"), expect: location("en-US", "where")),
                   Step(route: .location, parameters: TestCall.speech("speedy camel", confidence: 0.31), expect: location("en-US", "did not catch that")),
                   Step(route: .location, parameters: TestCall.speech("Speedway and Campbell", confidence: 0.42), expect: location("en-US", "did not catch that")),
                   Step(route: .location, parameters: TestCall.speech("speed", confidence: 0.2), expect: description("en-US", "describe the problem")),
               ]),
        Script(name: "no input is asked again; a ZIP code keyed in is read back digit by digit",
               steps: [
                   Step(route: .start, expect: menu),
                   Step(route: .language, parameters: TestCall.digits("1"), expect: location("en-US", "where")),
                   Step(route: .location, expect: location("en-US", "did not catch that")),
                   Step(route: .location, parameters: TestCall.digits("85701#"), expect: confirm("en-US", "I heard: 8 5 7 0 1")),
                   Step(route: .confirm, parameters: TestCall.speech("no"), expect: location("en-US", "try again")),
               ]),
        Script(name: "no input at the menu asks again in both languages",
               steps: [
                   Step(route: .start, expect: menu),
                   Step(route: .language, expect: [
                       .gather("speech dtmf", "/twilio/voice/language", numDigits: "1", [
                           .say("en-US", "did not get that"), .say("es-MX", "no le entendí"), .say("en-US", "press 9"),
                           .say("es-MX", "oprima nueve"), .say("en-US", "press 1"), .say("es-MX", "oprima dos"),
                       ]),
                       .redirect("/twilio/voice/language"),
                   ]),
               ]),
        Script(name: "a step of an unknown CallSid restarts the call politely",
               steps: [
                   Step(route: .confirm, parameters: TestCall.digits("1"),
                        expect: [.say("en-US", "start again"), .say("es-MX", "Empecemos de nuevo"), .redirect("/twilio/voice")]),
                   Step(route: .start, expect: menu),
               ]),
        Script(name: "a repeated request hears the same question, without counting a retry",
               steps: [
                   Step(route: .start, expect: menu),
                   Step(route: .language, parameters: TestCall.digits("1"), expect: location("en-US", "where")),
                   Step(route: .language, parameters: TestCall.digits("1"), expect: location("en-US", "where is the problem")),
                   Step(route: .start, expect: location("en-US", "where is the problem")),
               ]),
    ]

    @Test(arguments: scripts)
    func script(_ script: Script) async throws {
        try await ChannelHarness.with(stages: script.stages, settings: Self.settings(script.stages)) { h in
            let call = TestCall()
            for (i, step) in script.steps.enumerated() {
                let r = try await h.post(step.route.path, call.parameters(step.parameters))
                #expect(r.status == 200, "step \(i) \(step.route): \(r.body)")
                let doc = try TwiMLDocument(r.body, base: h.intake.baseURL)
                ExpectedVerb.check(doc.verbs, step.expect, "step \(i) \(step.route.rawValue)")
            }
        }
    }

    static func settings(_ stages: Set<Stage>) -> [String: String] {
        ["INTAKE_911_NUMBER": TestCall.emergencyNumber, "INTAKE_ACK_WAIT_MS": stages.contains(.writer) ? "5000" : "0"]
    }

    @Test("Twilio's own voice webhook payload, signed by Twilio's SDK, is accepted and answered with the menu")
    func twilioFixture() async throws {
        struct Payload: Decodable {
            var name: String
            var url: String
            var auth_token: String
            var headers: [String: String]
            var raw_body: String
        }
        let path = "\(Paths.repository)/Channels/SMS/Tests/Fixtures/twilio_webhook_payload_fixtures.json"
        let payloads = try JSONDecoder().decode([Payload].self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        let p = try #require(payloads.first { $0.name == "voice_inbound_call" })
        let publicURL = String(p.url.dropLast(VoiceRoute.start.path.count))
        try await ChannelHarness.with(settings: ["INTAKE_PUBLIC_URL": publicURL, "INTAKE_TWILIO_AUTH_TOKEN": p.auth_token]) { h in
            let r = try await TestTwilio.post(h.intake.baseURL + VoiceRoute.start.path, parameters: [],
                                              signature: p.headers["X-Twilio-Signature"], rawBody: p.raw_body,
                                              contentType: p.headers["Content-Type"] ?? "")
            #expect(r.status == 200, "\(r.body)")
            let doc = try TwiMLDocument(r.body, base: publicURL)
            ExpectedVerb.check(doc.verbs, Self.menu, "fixture")
        }
    }
}
