import IVRChannel
import Testing

@Suite("Emergency words")
struct EmergencyWordsTests {
    static let cases: [(String, String?)] = [
        ("There's a FIRE in the alley", "fire"),
        ("the house next door is on fire", "fire"),
        ("Hay un incendio en la casa de al lado", "fire"),
        ("¡Fuego! en la esquina", "fire"),
        ("someone has a gun", "weapon"),
        ("shots fired near the park", "weapon"),
        ("hay una balacera en la calle Grande", "weapon"),
        ("my father is not breathing", "breathing"),
        ("he can't breathe", "breathing"),
        ("Mi vecino no está respirando", "breathing"),
        ("MI ESPOSA NO RESPIRA", "breathing"),
        ("I have chest pain", "chest_pain"),
        ("tiene dolor en el pecho", "chest_pain"),
        ("a car crash and two people are injured", "injury_crash"),
        ("hubo un choque y hay heridos", "injury_crash"),
        ("I smell gas in my kitchen", "gas_leak"),
        ("there is a gas leak on Speedway", "gas_leak"),
        ("Huele a gas en el edificio", "gas_leak"),
        // Everyday 311 reports that only contain a word of one.
        ("the fire hydrant on my corner is leaking", nil),
        ("fire ants all over the park", nil),
        ("hay un hidrante roto", nil),
        ("a crash last week left debris on the road", nil),
        ("firewood dumped on the sidewalk", nil),
        ("pothole on Speedway and Campbell", nil),
        ("the gas station sign is broken", nil),
        ("", nil),
    ]

    @Test(arguments: cases)
    func match(_ text: String, _ kind: String?) {
        #expect(EmergencyWords().match(text)?.kind == kind, "\(text)")
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
