import IntakeCore

/// "For information, press 3": offered with the first question of a call, beside the status of a
/// case. The caller asks their question aloud; it is submitted as a contact the caller marked as a
/// question (`ContactEnvelope.askedAsQuestionKey`), and the answer from the city's answers file
/// is read back in the caller's language (`<Say>`). A question no entry answers is left for staff,
/// and the caller is told so. No case is opened either way.
extension CallFlow {
    func askInquiry(_ state: CallState, prompt: String) -> CallTurn {
        var s = state
        s.step = .inquiry
        s.askedQuestion = true
        return CallTurn(state: s, lines: [
            .gather(GatherSpec(input: .speech, route: .inquiry, language: s.language, prompts: [Prompt(prompt, s.language)])),
            .redirect(.inquiry),
        ])
    }

    func inquiryAnswered(_ state: CallState, _ answer: CallAnswer) -> CallTurn {
        var s = state
        if let speech = answer.speech, !speech.trimmingCharacters(in: .whitespaces).isEmpty {
            s.description = Heard(text: speech, confidence: answer.confidence)
            return CallTurn(state: s, lines: [], effect: .submit)
        }
        guard s.retries(at: .inquiry) < policy.maxRetries else {
            s.step = .finished
            return CallTurn(state: s, lines: [.say(Prompt("goodbye", s.language)), .hangup])
        }
        s.countRetry(at: .inquiry)
        return askInquiry(s, prompt: "inquiry-retry")
    }

    /// The answer to the caller's question, read aloud, then goodbye.
    func inquiryAnswerRead(_ state: CallState, revision: Int, answer: String) -> CallTurn {
        var s = state
        s.submission = SubmissionRecord(revision: revision)
        s.step = .finished
        return CallTurn(state: s, lines: [
            .say(Prompt("inquiry-answer", s.language, ["answer": .text(Self.spokenAnswer(answer))])),
            .say(Prompt("goodbye", s.language)),
            .hangup,
        ])
    }

    /// A written answer as it is read aloud: its web link (and the "More:" before it) left out.
    static func spokenAnswer(_ text: String) -> String {
        var words = text.split(separator: " ").filter { !$0.hasPrefix("http://") && !$0.hasPrefix("https://") }
        if let last = words.last, last.hasSuffix(":") { words.removeLast() }
        return words.joined(separator: " ")
    }
}
