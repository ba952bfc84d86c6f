@testable import IntakeChannel
import Testing

/// "status TUC-2026-000123" as residents write it, on every text channel.
@Suite("Status request")
struct StatusRequestTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var expected: StatusRequest?
        var testDescription: String { text }
    }

    static func ask(_ ref: String?, _ language: String?) -> StatusRequest { StatusRequest(ref: ref, language: language) }

    static let cases: [Case] = [
        Case(text: "status TUC-2026-000123", expected: ask("TUC-2026-000123", "en")),
        Case(text: "STATUS TUC-2026-000123", expected: ask("TUC-2026-000123", "en")),
        Case(text: "estado TUC-2026-000123", expected: ask("TUC-2026-000123", "es")),
        Case(text: "Estatus tuc-2026-000123", expected: ask("TUC-2026-000123", "es")),
        Case(text: "status tuc2026000123", expected: ask("TUC-2026-000123", "en")),
        Case(text: "status TUC 2026 123", expected: ask("TUC-2026-000123", "en")),
        Case(text: "status of TUC-2026-000123", expected: ask("TUC-2026-000123", "en")),
        Case(text: "What is the status of my case TUC-2026-000123?", expected: ask("TUC-2026-000123", "en")),
        Case(text: "¿Cuál es el estado de mi caso TUC-2026-000123?", expected: ask("TUC-2026-000123", "es")),
        Case(text: "estado del caso TUC-2026-000123 por favor", expected: ask("TUC-2026-000123", "es")),
        Case(text: "status 2026-000123", expected: ask("TUC-2026-000123", "en")),
        Case(text: "/status TUC-2026-000123", expected: ask("TUC-2026-000123", "en")),
        Case(text: "TUC-2026-000123 status", expected: ask("TUC-2026-000123", "en")),
        Case(text: "status: TUC-2026-000123.", expected: ask("TUC-2026-000123", "en")),
        Case(text: "status TUC-2026-1234567", expected: ask("TUC-2026-1234567", "en")),
        // The word alone: the resident is told how to ask.
        Case(text: "status", expected: ask(nil, "en")),
        Case(text: "estado", expected: ask(nil, "es")),
        Case(text: "what is the status?", expected: ask(nil, "en")),
        // Not a request: a report, or another city's reference.
        Case(text: "TUC-2026-000123", expected: nil),
        Case(text: "the traffic light status panel is broken", expected: nil),
        Case(text: "el estado de la calle es terrible", expected: nil),
        Case(text: "status ABC-2026-000123", expected: nil),
        Case(text: "status TUC-26-000123", expected: nil),
        Case(text: "Pothole on Speedway and Campbell", expected: nil),
        Case(text: "", expected: nil),
        // Only the first line counts (an email's quoted thread below).
        Case(text: "status TUC-2026-000123\n> the pothole is still there", expected: ask("TUC-2026-000123", "en")),
        Case(text: "thanks\nstatus TUC-2026-000123", expected: nil),
    ]

    @Test(arguments: cases)
    func parse(_ c: Case) {
        #expect(StatusRequest.parse(c.text, prefix: "TUC") == c.expected)
    }

    @Test("keyed-in digits: the year and the number, with or without the letters and zeros")
    func references() {
        let table: [(String, String?)] = [
            ("2026000123", "TUC-2026-000123"), ("2026123", "TUC-2026-000123"), ("2026000123#", "TUC-2026-000123"),
            ("TUC2026000123", "TUC-2026-000123"), ("tuc-2026-000123", "TUC-2026-000123"),
            ("2026", nil), ("12", nil), ("19990000001", nil), ("20260000000", nil), ("XYZ2026000123", nil), ("2026-00a123", nil),
        ]
        for (text, expected) in table {
            #expect(StatusRequest.reference(text, prefix: "TUC")?.description == expected, "\(text)")
        }
    }
}

@Suite("Status request: the quick check")
struct StatusRequestQuickCheckTests {
    @Test("the byte check finds the keyword in any case and lets every message without it go", arguments: [
        ("STATUS TUC-2026-000123", true), ("EsTaDo", true), ("estatus", true), ("what's the sTaTuS", true),
        ("pothole on 5th", false), ("estad o", false), ("", false), ("stat us", false),
    ])
    func quickCheck(text: String, found: Bool) {
        #expect(StatusRequest.mentionsKeyword(text) == found)
        if !found { #expect(StatusRequest.parse(text, prefix: "TUC") == nil) }
    }
}
