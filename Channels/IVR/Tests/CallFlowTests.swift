import Foundation
import IntakeTestSupport
import IVRChannel
import Testing

/// The call flow as a pure state machine: sequences of inputs → the step reached, what was kept,
/// and what the last answer says and does. No I/O.
@Suite("Call flow")
struct CallFlowTests {
    static let flow = CallFlow(policy: CallPolicy(emergencyNumber: "+15205550911"), emergencyScreen: TestRules.emergencyScreen)
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func answer(_ route: VoiceRoute, speech: String? = nil, confidence: Double? = 0.9, digits: String? = nil) -> CallInput {
        .answer(route, CallAnswer(speech: speech, confidence: speech == nil ? nil : confidence, digits: digits))
    }

    static func run(_ inputs: [CallInput], caller: String = "+15205550123") -> (state: CallState, last: CallTurn) {
        var turn = flow.begin(callSID: "CA" + String(repeating: "0", count: 32), caller: caller, called: "+15205550311",
                              providerData: ["To": "+15205550311"], now: now)
        for input in inputs { turn = flow.advance(turn.state, input, now: now) }
        return (turn.state, turn)
    }

    static func prompts(_ lines: [VoiceLine]) -> [String] {
        lines.flatMap { line -> [String] in
            switch line {
            case .say(let p): [p.name]
            case .gather(let g): g.prompts.map(\.name)
            default: []
            }
        }
    }

    struct Script: Sendable, CustomTestStringConvertible {
        var name: String
        var inputs: [CallInput]
        var step: CallStep
        var language = "en"
        var location: String?
        var locationConfirmed = false
        var description: String?
        var prompts: [String] = []
        var effect: CallEffect?
        var testDescription: String { name }
    }

    static let toDescription: [CallInput] = [answer(.language, digits: "1"), answer(.location, speech: "Speedway and Campbell"),
                                             answer(.confirm, digits: "1")]

    static let scripts: [Script] = [
        Script(name: "start: the emergency screen comes before the language choice", inputs: [], step: .menu,
               prompts: ["menu-emergency", "menu-emergency", "menu-language", "menu-language"]),
        Script(name: "1 chooses English and asks where first", inputs: [answer(.language, digits: "1")], step: .location,
               prompts: ["location-ask"]),
        Script(name: "2 chooses Spanish", inputs: [answer(.language, digits: "2")], step: .location, language: "es",
               prompts: ["location-ask"]),
        Script(name: "saying \"español\" chooses Spanish", inputs: [answer(.language, speech: "español")], step: .location,
               language: "es"),
        Script(name: "no input at the menu asks again", inputs: [answer(.language)], step: .menu,
               prompts: ["menu-retry", "menu-retry", "menu-emergency", "menu-emergency", "menu-language", "menu-language"]),
        Script(name: "no input three times at the menu carries on in English",
               inputs: [answer(.language), answer(.language), answer(.language)], step: .location, prompts: ["location-ask"]),
        Script(name: "9 at the menu transfers to 911", inputs: [answer(.language, digits: "9")], step: .transferred,
               prompts: ["emergency-transfer"], effect: .escalate),
        Script(name: "a clear location is read back", inputs: [answer(.language, digits: "1"), answer(.location, speech: "Speedway and Campbell")],
               step: .confirm, prompts: ["location-confirm"]),
        Script(name: "a ZIP code keyed in is read back", inputs: [answer(.language, digits: "1"), answer(.location, digits: "85701")],
               step: .confirm, prompts: ["location-confirm"]),
        Script(name: "yes confirms the location and asks what", inputs: toDescription, step: .description,
               location: "Speedway and Campbell", locationConfirmed: true, prompts: ["description-ask"]),
        Script(name: "saying sí confirms in Spanish",
               inputs: [answer(.language, digits: "2"), answer(.location, speech: "Calle Stone y Congress"), answer(.confirm, speech: "Sí")],
               step: .description, language: "es", location: "Calle Stone y Congress", locationConfirmed: true),
        Script(name: "no at the read-back asks where again",
               inputs: [answer(.language, digits: "1"), answer(.location, speech: "Speedway and Camel"), answer(.confirm, speech: "No")],
               step: .location, prompts: ["location-again"]),
        Script(name: "low confidence asks again",
               inputs: [answer(.language, digits: "1"), answer(.location, speech: "Speedy and Cam", confidence: 0.3)],
               step: .location, prompts: ["location-retry"]),
        Script(name: "low confidence three times carries on with the best heard, unconfirmed",
               inputs: [answer(.language, digits: "1"), answer(.location, speech: "Speedy and Cam", confidence: 0.3),
                        answer(.location, speech: "Speedway and Campbell", confidence: 0.45),
                        answer(.location, speech: "Speed and", confidence: 0.2)],
               step: .description, location: "Speedway and Campbell", prompts: ["description-ask"]),
        Script(name: "no input three times goes on to the description without a location",
               inputs: [answer(.language, digits: "1"), answer(.location), answer(.location), answer(.location)],
               step: .description, prompts: ["description-ask"]),
        Script(name: "no answer at the read-back three times takes the location unconfirmed",
               inputs: [answer(.language, digits: "1"), answer(.location, speech: "Speedway and Campbell"),
                        answer(.confirm), answer(.confirm), answer(.confirm)],
               step: .description, location: "Speedway and Campbell"),
        Script(name: "a clear description offers a voice message",
               inputs: toDescription + [answer(.description, speech: "Big pothole in the eastbound lane")],
               step: .voicemailOffer, location: "Speedway and Campbell", locationConfirmed: true,
               description: "Big pothole in the eastbound lane", prompts: ["voicemail-offer"]),
        Script(name: "an unclear description three times is taken as heard",
               inputs: toDescription + [answer(.description, speech: "pot hole", confidence: 0.3), answer(.description),
                                        answer(.description, speech: "pothole lane", confidence: 0.2)],
               step: .voicemailOffer, location: "Speedway and Campbell", locationConfirmed: true, description: "pot hole"),
        Script(name: "declining the voice message submits",
               inputs: toDescription + [answer(.description, speech: "Pothole"), answer(.record, digits: "2")],
               step: .voicemailOffer, location: "Speedway and Campbell", locationConfirmed: true, description: "Pothole",
               effect: .submit),
        Script(name: "1 starts the recording",
               inputs: toDescription + [answer(.description, speech: "Pothole"), answer(.record, digits: "1")],
               step: .recording, location: "Speedway and Campbell", locationConfirmed: true, description: "Pothole",
               prompts: ["voicemail-record"]),
        Script(name: "emergency words at the location transfer at once",
               inputs: [answer(.language, digits: "1"), answer(.location, speech: "there is a fire behind my house")],
               step: .transferred, prompts: ["emergency-transfer"], effect: .escalate),
        Script(name: "Spanish emergency words at the description transfer at once",
               inputs: [answer(.language, digits: "2"), answer(.location, speech: "Calle Stone"), answer(.confirm, digits: "1"),
                        answer(.description, speech: "mi vecino no está respirando")],
               step: .transferred, language: "es", location: "Calle Stone", locationConfirmed: true,
               prompts: ["emergency-transfer"], effect: .escalate),
        Script(name: "emergency words even with low confidence and out of turn",
               inputs: [answer(.language, digits: "1"), answer(.description, speech: "gas leak", confidence: 0.1)],
               step: .transferred, effect: .escalate),
        Script(name: "a step answered out of turn hears the current question again",
               inputs: [answer(.language, digits: "1"), answer(.confirm, digits: "1")], step: .location, prompts: ["location-ask"]),
        Script(name: "a start for a known call resumes it", inputs: [answer(.language, digits: "1"), .start], step: .location,
               prompts: ["location-ask"]),
    ]

    @Test(arguments: scripts)
    func script(_ s: Script) {
        let (state, last) = Self.run(s.inputs)
        #expect(state.step == s.step)
        #expect(state.language == s.language)
        #expect(state.location?.text == s.location)
        #expect(state.locationConfirmed == s.locationConfirmed)
        #expect(state.description?.text == s.description)
        if !s.prompts.isEmpty { #expect(Self.prompts(last.lines) == s.prompts) }
        #expect(last.effect == s.effect)
        // Every prompt is in the call's language, except the bilingual menu.
        if s.step != .menu {
            for case .say(let p) in last.lines { #expect(p.language == s.language) }
        }
    }

    @Test("each question is a <Gather> to its own route with a redirect to the same route for silence")
    func gathers() {
        let cases: [([CallInput], GatherSpec.Input, VoiceRoute, Int?)] = [
            ([], .speechAndDTMF, .language, 1),
            ([Self.answer(.language, digits: "1")], .speechAndDTMF, .location, nil),
            ([Self.answer(.language, digits: "1"), Self.answer(.location, speech: "Oracle and Grant")], .speechAndDTMF, .confirm, 1),
            (Self.toDescription, .speech, .description, nil),
            (Self.toDescription + [Self.answer(.description, speech: "Graffiti")], .dtmf, .record, 1),
        ]
        for (inputs, input, route, digits) in cases {
            let lines = Self.run(inputs).last.lines
            guard case .gather(let g)? = lines.first else {
                Issue.record("no gather for \(route): \(lines)")
                continue
            }
            #expect(g.input == input && g.route == route && g.numDigits == digits)
            #expect(lines.last == .redirect(route))
        }
    }

    @Test("9 transfers with the 911 number and keeps one escalation however often it is repeated")
    func emergencyTransfer() {
        let (state, last) = Self.run([Self.answer(.language, digits: "1"), Self.answer(.location, speech: "Speedway and Campbell"),
                                      Self.answer(.confirm, speech: "gun shots fired on my street")])
        #expect(last.lines.last == .dial(number: "+15205550911", route: .emergency))
        #expect(state.escalation?.reason == "emergency words: gun, shots fired, fire")
        #expect(state.escalation?.heard == "gun shots fired on my street")
        #expect(state.escalation?.published == false)
        let again = Self.flow.advance(state, Self.answer(.language, speech: "fire"), now: Self.now)
        #expect(again.effect == nil)
        #expect(again.state.escalation == state.escalation)
        let dropped = Self.flow.advance(state, .dialEnded(status: "no-answer"), now: Self.now)
        #expect(Self.prompts(dropped.lines) == ["emergency-failed"])
        #expect(Self.flow.advance(state, .dialEnded(status: "completed"), now: Self.now).lines == [.hangup])
    }

    @Test("a committed case is read back one character at a time, offered again on 1, then goodbye")
    func readBack() throws {
        let (state, last) = Self.run(Self.toDescription + [Self.answer(.description, speech: "Pothole"), Self.answer(.record, digits: "2"),
                                                          .submitted(revision: 1, .committed(caseRef: "TUC-2026-000123", linked: false))])
        #expect(state.step == .reference)
        #expect(state.submission?.caseRef == "TUC-2026-000123")
        #expect(state.submission?.referenceReadBack == true)
        guard case .say(let p)? = last.lines.first else { throw Failure("no read-back") }
        #expect(p.name == "reference")
        #expect(p.values["spelled"] == .text("T. U. C. 2. 0. 2. 6. 0. 0. 0. 1. 2. 3."))
        #expect(Self.prompts(last.lines) == ["reference", "reference-repeat", "goodbye"])
        #expect(last.lines.last == .hangup)

        var s = state
        for _ in 0..<3 {
            let repeated = Self.flow.advance(s, Self.answer(.reference, digits: "1"), now: Self.now)
            #expect(Self.prompts(repeated.lines).first == "reference")
            s = repeated.state
        }
        // Bounded: the fourth 1 says goodbye.
        let done = Self.flow.advance(s, Self.answer(.reference, digits: "1"), now: Self.now)
        #expect(Self.prompts(done.lines) == ["goodbye"])
        #expect(done.state.step == .finished)
    }

    @Test("not committed in time: the reference follows by text, unless the number is withheld")
    func referenceFollows() {
        for (caller, canText) in [("+15205550123", true), ("+266696687", false), ("anonymous", false)] {
            let (state, last) = Self.run(Self.toDescription + [Self.answer(.description, speech: "Pothole"), Self.answer(.record, digits: "2"),
                                                              .submitted(revision: 1, .pending)], caller: caller)
            #expect(state.step == .finished)
            #expect(state.submission?.referenceReadBack == false)
            #expect(last.lines == [.say(Prompt("reference-follows-call", "en", ["can_text": .flag(canText)])), .hangup])
        }
    }

    @Test("a voice message is kept; English messages wait for a transcription, Spanish ones do not")
    func recorded() {
        for (language, transcribed) in [("1", true), ("2", false)] {
            let (state, last) = Self.run([Self.answer(.language, digits: language), Self.answer(.location, speech: "Grant Road"),
                                          Self.answer(.confirm, digits: "1"), Self.answer(.description, speech: "Broken streetlight"),
                                          Self.answer(.record, digits: "1"),
                                          .recorded(RecordingInfo(sid: "RE1", url: "https://api.twilio.com/rec/RE1", durationSeconds: 9))])
            #expect(state.voicemail?.recordingURL == "https://api.twilio.com/rec/RE1")
            #expect(state.voicemail?.transcriptionExpected == transcribed)
            #expect(last.effect == .submit)
        }
    }

    @Test("without a description or a voice message there is no report, and the caller is told so")
    func noReport() {
        let (state, last) = Self.run([Self.answer(.language, digits: "1"), Self.answer(.location, speech: "Grant Road"),
                                      Self.answer(.confirm, digits: "1"), Self.answer(.description), Self.answer(.description),
                                      Self.answer(.description), Self.answer(.record)])
        #expect(state.step == .finished)
        #expect(last.effect == nil)
        #expect(Self.prompts(last.lines) == ["no-report"])
    }

    @Test("the restart for an unknown call apologizes in both languages and goes back to the start")
    func restart() {
        #expect(CallFlow.restartLines() == [.say(Prompt("restart", "en")), .say(Prompt("restart", "es")), .redirect(.start)])
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }
}
