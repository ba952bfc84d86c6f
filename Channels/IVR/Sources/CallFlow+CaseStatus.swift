import IntakeChannel

/// "To hear the status of a case, press 2": offered with the first question of a call, in the
/// caller's language. The caller keys in the year and the number of the case as one run of
/// digits ended by `#` (TUC-2026-000123 is `2026000123#`; leading zeros of the number may be left
/// out: `2026123#`), hears its status and the department's last note, and may then return to
/// the menu (1), check another case (2), or hang up.
extension CallFlow {
    func askCaseStatus(_ state: CallState, retry: Bool) -> CallTurn {
        var s = state
        s.step = .caseStatus
        var prompts = retry ? [Prompt("case-status-retry", s.language)] : []
        prompts.append(Prompt("case-status-ask", s.language))
        return CallTurn(state: s, lines: [
            .gather(GatherSpec(input: .dtmf, route: .caseStatus, language: s.language, prompts: prompts)),
            .redirect(.caseStatus),
        ])
    }

    func caseStatusAnswered(_ state: CallState, _ answer: CallAnswer) -> CallTurn {
        var s = state
        if let digits = answer.digits, let ref = StatusRequest.reference(digits, prefix: policy.caseReferencePrefix) {
            return CallTurn(state: s, lines: [], effect: .lookUpStatus(ref: ref.description))
        }
        guard s.retries(at: .caseStatus) < policy.maxRetries else {
            s.step = .finished
            return CallTurn(state: s, lines: [.say(Prompt("goodbye", s.language)), .hangup])
        }
        s.countRetry(at: .caseStatus)
        return askCaseStatus(s, retry: true)
    }

    func caseStatusTold(_ state: CallState, _ heard: CaseStatusHeard) -> CallTurn {
        var s = state
        s.step = .caseStatusTold
        let said: Prompt
        switch heard {
        case let .found(ref, state, category, note):
            said = Prompt("case-status", s.language, [
                "spelled": .text(ReferenceSpeller.spell(ref)), "category": .text(category ?? ""), "note": .text(note ?? ""),
                "open": .flag(state == "open"), "in_progress": .flag(state == "in_progress"), "closed": .flag(state == "closed"),
            ])
        case .notFound(let ref):
            said = Prompt("case-status-unknown", s.language, ["spelled": .text(ReferenceSpeller.spell(ref)), "unavailable": .flag(false)])
        case .unavailable(let ref):
            said = Prompt("case-status-unknown", s.language, ["spelled": .text(ReferenceSpeller.spell(ref)), "unavailable": .flag(true)])
        }
        return CallTurn(state: s, lines: [.say(said)] + caseStatusMenu(s))
    }

    func caseStatusMenu(_ s: CallState) -> [VoiceLine] {
        [
            .gather(GatherSpec(input: .dtmf, route: .caseStatusMenu, numDigits: 1, language: s.language,
                               prompts: [Prompt("case-status-menu", s.language)])),
            .say(Prompt("goodbye", s.language)),
            .hangup,
        ]
    }

    func caseStatusMenuAnswered(_ state: CallState, _ answer: CallAnswer) -> CallTurn {
        var s = state
        switch answer.digits {
        case "1": return askLocation(s, prompt: "location-ask")
        case "2": return askCaseStatus(s, retry: false)
        default:
            s.step = .finished
            return CallTurn(state: s, lines: [.say(Prompt("goodbye", s.language)), .hangup])
        }
    }
}
