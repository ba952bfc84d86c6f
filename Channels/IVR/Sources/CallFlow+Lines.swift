/// The questions of the call flow as lines: each ask is a `<Gather>` with its prompt, followed by
/// a redirect to the same route so that silence is also an answer (no input).
extension CallFlow {
    func menu(retry: Bool) -> [VoiceLine] {
        var prompts: [Prompt] = retry ? [Prompt("menu-retry", "en"), Prompt("menu-retry", "es")] : []
        // The emergency screen comes first, in both languages, before anything else is asked.
        prompts += [Prompt("menu-emergency", "en"), Prompt("menu-emergency", "es"),
                    Prompt("menu-language", "en"), Prompt("menu-language", "es")]
        return [.gather(GatherSpec(input: .speechAndDTMF, route: .language, numDigits: 1, language: "en", prompts: prompts,
                                   hints: ["español", "Spanish", "English"])),
                .redirect(.language)]
    }

    func askLocation(_ state: CallState, prompt: String) -> CallTurn {
        var s = state
        s.step = .location
        // The first question also offers the status of a case ("press 2"); asked again, it does not.
        let values: [String: Prompt.Value] = prompt == "location-ask" && s.location == nil && !s.hasReport ? ["status_offer": .flag(true)] : [:]
        return CallTurn(state: s, lines: [
            .gather(GatherSpec(input: .speechAndDTMF, route: .location, language: s.language, prompts: [Prompt(prompt, s.language, values)])),
            .redirect(.location),
        ])
    }

    func askConfirmation(_ state: CallState, retry: Bool) -> CallTurn {
        var s = state
        s.step = .confirm
        let heard = s.candidateLocation?.text ?? ""
        var prompts = retry ? [Prompt("confirm-retry", s.language)] : []
        prompts.append(Prompt("location-confirm", s.language, ["location": .text(Self.spoken(heard))]))
        return CallTurn(state: s, lines: [
            .gather(GatherSpec(input: .speechAndDTMF, route: .confirm, numDigits: 1, language: s.language, prompts: prompts,
                               hints: s.language == "es" ? ["sí", "no", "correcto"] : ["yes", "no", "correct"])),
            .redirect(.confirm),
        ])
    }

    func askDescription(_ state: CallState, prompt: String) -> CallTurn {
        var s = state
        s.step = .description
        return CallTurn(state: s, lines: [
            .gather(GatherSpec(input: .speech, route: .description, language: s.language, prompts: [Prompt(prompt, s.language)])),
            .redirect(.description),
        ])
    }

    func offerVoicemail(_ state: CallState) -> CallTurn {
        var s = state
        s.step = .voicemailOffer
        let prompt = Prompt("voicemail-offer", s.language, ["missing": .flag(s.description == nil)])
        return CallTurn(state: s, lines: [
            .gather(GatherSpec(input: .dtmf, route: .record, numDigits: 1, language: s.language, prompts: [prompt])),
            .redirect(.record),
        ])
    }

    func startRecording(_ state: CallState) -> CallTurn {
        var s = state
        s.step = .recording
        return CallTurn(state: s, lines: [
            .say(Prompt("voicemail-record", s.language)),
            .record(RecordSpec(route: .recorded, maxLengthSeconds: policy.recordMaxSeconds, transcribe: transcribes(s))),
            // Twilio skips `<Record>`'s action when nothing was recorded and goes on here.
            .redirect(.recorded),
        ])
    }

    func readBack(_ s: CallState) -> [VoiceLine] {
        let ref = s.submission?.caseRef ?? ""
        return [
            .say(Prompt("reference", s.language, ["spelled": .text(ReferenceSpeller.spell(ref)),
                                                  "linked": .flag(s.submission?.linked ?? false)])),
            .gather(GatherSpec(input: .dtmf, route: .reference, numDigits: 1, language: s.language,
                               prompts: [Prompt("reference-repeat", s.language)])),
            .say(Prompt("goodbye", s.language)),
            .hangup,
        ]
    }

    func transfer(_ s: CallState) -> [VoiceLine] {
        [.say(Prompt("emergency-transfer", s.language)), .dial(number: policy.emergencyNumber, route: .emergency)]
    }

    /// Keyed-in digits are read one at a time ("8 5 7 0 1"), words as heard.
    static func spoken(_ text: String) -> String {
        text.allSatisfy(\.isNumber) ? text.map(String.init).joined(separator: " ") : text
    }
}
