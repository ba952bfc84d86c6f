import Foundation
import IntakeTestSupport
import IVRChannel
import Testing

/// "To hear the status of a case, press 2" in the pure call flow: what each key does, and what the
/// caller hears once the case is looked up.
@Suite("Call flow: case status")
struct CallFlowCaseStatusTests {
    typealias Flow = CallFlowTests

    static func digits(_ route: VoiceRoute, _ d: String?) -> CallInput { Flow.answer(route, digits: d) }

    struct Script: Sendable, CustomTestStringConvertible {
        var name: String
        var inputs: [CallInput]
        var step: CallStep
        var prompts: [String]
        var effect: CallEffect?
        var testDescription: String { name }
    }

    static let english = digits(.language, "1")

    static let scripts: [Script] = [
        Script(name: "the first where-question offers the status", inputs: [english], step: .location, prompts: ["location-ask"]),
        Script(name: "2 at the first question asks for the case", inputs: [english, digits(.location, "2")], step: .caseStatus,
               prompts: ["case-status-ask"]),
        Script(name: "a ZIP code is still a ZIP code", inputs: [english, digits(.location, "85701")], step: .confirm,
               prompts: ["location-confirm"]),
        Script(name: "the year and number keyed in: looked up", inputs: [english, digits(.location, "2"), digits(.caseStatus, "2026000123")],
               step: .caseStatus, prompts: [], effect: .lookUpStatus(ref: "TUC-2026-000123")),
        Script(name: "leading zeros may be left out", inputs: [english, digits(.location, "2"), digits(.caseStatus, "2026123")],
               step: .caseStatus, prompts: [], effect: .lookUpStatus(ref: "TUC-2026-000123")),
        Script(name: "not a reference: asked again", inputs: [english, digits(.location, "2"), digits(.caseStatus, "99")],
               step: .caseStatus, prompts: ["case-status-retry", "case-status-ask"]),
        Script(name: "no reference after the retries: goodbye",
               inputs: [english, digits(.location, "2"), digits(.caseStatus, nil), digits(.caseStatus, "1"), digits(.caseStatus, nil)],
               step: .finished, prompts: ["goodbye"]),
        Script(name: "the status is told, then the menu offered",
               inputs: [english, digits(.location, "2"), digits(.caseStatus, "2026000123"),
                        .caseStatusLookedUp(.found(ref: "TUC-2026-000123", state: "closed", category: "Pothole", note: "Patched"))],
               step: .caseStatusTold, prompts: ["case-status", "case-status-menu", "goodbye"]),
        Script(name: "an unknown case is said so",
               inputs: [english, digits(.location, "2"), digits(.caseStatus, "2026000999"), .caseStatusLookedUp(.notFound(ref: "TUC-2026-000999"))],
               step: .caseStatusTold, prompts: ["case-status-unknown", "case-status-menu", "goodbye"]),
        Script(name: "1 after the status returns to the menu",
               inputs: [english, digits(.location, "2"), digits(.caseStatus, "2026000123"),
                        .caseStatusLookedUp(.unavailable(ref: "TUC-2026-000123")), digits(.caseStatusMenu, "1")],
               step: .location, prompts: ["location-ask"]),
        Script(name: "2 after the status asks for another case",
               inputs: [english, digits(.location, "2"), digits(.caseStatus, "2026000123"),
                        .caseStatusLookedUp(.notFound(ref: "TUC-2026-000123")), digits(.caseStatusMenu, "2")],
               step: .caseStatus, prompts: ["case-status-ask"]),
        Script(name: "silence after the status hangs up",
               inputs: [english, digits(.location, "2"), digits(.caseStatus, "2026000123"),
                        .caseStatusLookedUp(.notFound(ref: "TUC-2026-000123")), digits(.caseStatusMenu, nil)],
               step: .finished, prompts: ["goodbye"]),
        Script(name: "a late lookup result on another step changes nothing",
               inputs: [english, .caseStatusLookedUp(.notFound(ref: "TUC-2026-000123"))], step: .location, prompts: ["location-ask"]),
    ]

    @Test(arguments: scripts)
    func script(_ s: Script) {
        let (state, last) = Flow.run(s.inputs)
        #expect(state.step == s.step)
        #expect(Flow.prompts(last.lines) == s.prompts)
        #expect(last.effect == s.effect)
    }

    @Test("the offer is made only with the first question, not when it is asked again")
    func offerOnlyFirst() {
        let first = Flow.run([Self.english]).last
        guard case .gather(let g)? = first.lines.first else { Issue.record("no gather"); return }
        #expect(g.prompts.first?.values["status_offer"] == .flag(true))
        let again = Flow.run([Self.english, Flow.answer(.location)]).last
        guard case .gather(let g2)? = again.lines.first else { Issue.record("no gather"); return }
        #expect(g2.prompts.first?.values["status_offer"] == nil)
    }
}
