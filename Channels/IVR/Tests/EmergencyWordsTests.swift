import IntakeTestSupport
import IVRChannel
import Testing

/// The IVR transfers a call on the triage rules' emergency words (one source for texts and calls).
@Suite("Emergency words on a call")
struct EmergencyWordsTests {
    static let cases: [(String, Bool)] = [
        ("There's a FIRE in the alley", true),
        ("the house next door is on fire", true),
        ("Hay un incendio en la casa de al lado", true),
        ("¡Fuego! en la esquina", true),
        ("someone has a gun", true),
        ("shots fired near the park", true),
        ("hay una balacera en la calle Grande", true),
        ("my father is not breathing", true),
        ("he can't breathe", true),
        ("Mi vecino no está respirando", true),
        ("MI ESPOSA NO RESPIRA", true),
        ("I have chest pain", true),
        ("tiene dolor de pecho", true),
        ("a car crash and two people are injured", true),
        ("hubo un choque y hay heridos", true),
        ("I smell gas in my kitchen", true),
        ("there is a gas leak on Speedway", true),
        ("Huele a gas en el edificio", true),
        ("my husband won't wake up", true),
        // Everyday 311 reports that only contain a word of one.
        ("the fire hydrant on my corner is leaking", false),
        ("fire ants all over the park", false),
        ("hay un hidrante roto", false),
        ("a crash last week left debris on the road", false),
        ("firewood dumped on the sidewalk", false),
        ("pothole on Speedway and Campbell", false),
        ("the gas station sign is broken", false),
        ("nobody was hurt, the car is not on fire", false),
        ("", false),
    ]

    @Test(arguments: cases)
    func transfers(_ text: String, _ transferred: Bool) {
        let s = CallFlowTests.flow.begin(callSID: "CA1", caller: "+15205550100", called: nil, providerData: [:], now: CallFlowTests.now).state
        let turn = CallFlowTests.flow.advance(s, CallFlowTests.answer(.language, speech: text), now: CallFlowTests.now)
        #expect((turn.state.step == .transferred) == transferred, "\(text)")
        #expect((turn.effect == .escalate) == transferred)
        if transferred { #expect(turn.state.escalation?.reason.hasPrefix("emergency words: ") == true) }
    }
}

@Suite("Spoken answers")
struct SpokenAnswerTests {
    static let confirmations: [(CallAnswer, Bool?)] = [
        (CallAnswer(digits: "1"), true), (CallAnswer(digits: "2"), false), (CallAnswer(digits: "7"), nil),
        (CallAnswer(speech: "Yes."), true), (CallAnswer(speech: "yeah that's right"), true), (CallAnswer(speech: "Sí"), true),
        (CallAnswer(speech: "correcto"), true), (CallAnswer(speech: "No."), false), (CallAnswer(speech: "no, that's wrong"), false),
        (CallAnswer(speech: "incorrecto"), false), (CallAnswer(speech: "Speedway and Park"), nil), (CallAnswer(), nil),
    ]

    @Test(arguments: confirmations)
    func confirmation(_ answer: CallAnswer, _ expected: Bool?) {
        #expect(SpokenAnswer.confirmation(answer) == expected)
    }

    @Test("a named language is recognized, with or without its accent")
    func language() {
        #expect(SpokenAnswer.language("Español") == "es")
        #expect(SpokenAnswer.language("espanol por favor") == "es")
        #expect(SpokenAnswer.language("Spanish") == "es")
        #expect(SpokenAnswer.language("English please") == "en")
        #expect(SpokenAnswer.language("pothole") == nil)
    }

    @Test("empty speech and a lone # are no input")
    func emptyAnswer() {
        #expect(CallAnswer(speech: "  ", digits: "#").isEmpty)
        #expect(CallAnswer(digits: "85701#").digits == "85701")
    }

    static let references: [(String, String)] = [
        ("TUC-2026-000123", "T. U. C. 2. 0. 2. 6. 0. 0. 0. 1. 2. 3."),
        ("PIMA-2027-1234567", "P. I. M. A. 2. 0. 2. 7. 1. 2. 3. 4. 5. 6. 7."),
    ]

    @Test(arguments: references)
    func spelled(_ reference: String, _ spoken: String) {
        #expect(ReferenceSpeller.spell(reference) == spoken)
    }
}
