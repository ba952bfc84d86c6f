public import Foundation
public import IntakeCore

/// The call flow as a pure state machine: (state, input) → (state, what to say, what to do).
///
/// No I/O here: `VoiceChannel` loads the state, calls `advance`, carries out the effect, saves the
/// state and answers with the lines as TwiML. Order of a call: the emergency screen and language
/// menu; *where* (read back for confirmation); *what*; an optional voice message; the case
/// reference. Emergency words in anything the caller says transfer the call at once.
public struct CallFlow: Sendable {
    public let policy: CallPolicy
    /// The triage rules' emergency matcher: the same words escalate a text and a call.
    let emergencyScreen: any EmergencyScreen

    public init(policy: CallPolicy, emergencyScreen: any EmergencyScreen) {
        self.policy = policy
        self.emergencyScreen = emergencyScreen
    }

    /// A new call: the emergency screen and the language menu.
    public func begin(callSID: String, caller: String?, called: String?, providerData: [String: String], now: Date) -> CallTurn {
        let state = CallState(callSID: callSID, caller: caller, called: called, providerData: providerData, now: now)
        return CallTurn(state: state, lines: menu(retry: false))
    }

    /// What a step of an unknown (or expired) call hears: an apology in both languages, then the start.
    public static func restartLines() -> [VoiceLine] {
        [.say(Prompt("restart", "en")), .say(Prompt("restart", "es")), .redirect(.start)]
    }

    /// What a caller over the per-sender limit hears, in both languages: 911 if anyone is in
    /// danger, else call again later. No call state is kept.
    public static func tooManyCallsLines() -> [VoiceLine] {
        [.say(Prompt("too-many-calls", "en")), .say(Prompt("too-many-calls", "es")), .hangup]
    }

    public func advance(_ state: CallState, _ input: CallInput, now: Date) -> CallTurn {
        var s = state
        s.updatedAt = RFC3339.wire(now)
        // Emergency words win wherever the call is, even on a step answered out of turn.
        if case .answer(_, let answer) = input, let speech = answer.speech, s.step != .transferred,
           let match = emergencyScreen.emergencyMatch(in: speech), match.tier == .emergency {
            // Only the emergency tier transfers a live call; a possible emergency ("help me
            // with…", "smoke") is for a person to review in a written report, not a 911 transfer.
            return escalate(s, reason: "emergency words: \(match.phrases.joined(separator: ", "))", heard: speech, now: now)
        }
        switch input {
        case .start:
            return replay(s)
        case let .answer(route, answer):
            // A repeated or late request (a Twilio retry, a step after a restart) hears the current question again.
            guard route.answers == s.step else { return replay(s) }
            switch s.step {
            case .menu: return menuAnswered(s, answer, now: now)
            case .location: return locationAnswered(s, answer)
            case .confirm: return confirmAnswered(s, answer)
            case .description: return descriptionAnswered(s, answer)
            case .voicemailOffer: return answer.digits == "1" ? startRecording(s) : finish(s)
            case .reference: return referenceAnswered(s, answer)
            case .caseStatus: return caseStatusAnswered(s, answer)
            case .caseStatusTold: return caseStatusMenuAnswered(s, answer)
            case .inquiry: return inquiryAnswered(s, answer)
            case .recording, .finished, .transferred: return replay(s)
            }
        case .recorded(let recording):
            guard s.step == .recording else { return replay(s) }
            // The recording callback may have come first and already filled the voice message in.
            if s.voicemail == nil, let recording, (recording.durationSeconds ?? 1) > 0 {
                s.voicemail = Voicemail(recordingSID: recording.sid, recordingURL: recording.url,
                                        durationSeconds: recording.durationSeconds, transcriptionExpected: transcribes(s))
            }
            return finish(s)
        case .caseStatusLookedUp(let heard):
            guard s.step == .caseStatus else { return replay(s) }
            return caseStatusTold(s, heard)
        case let .submitted(revision, outcome):
            return submitted(s, revision: revision, outcome)
        case .dialEnded(let status):
            guard s.step == .transferred else { return replay(s) }
            let connected = status == "completed" || status == "answered"
            return CallTurn(state: s, lines: connected ? [.hangup] : [.say(Prompt("emergency-failed", s.language)), .hangup])
        }
    }

    // MARK: - Steps

    func menuAnswered(_ state: CallState, _ answer: CallAnswer, now: Date) -> CallTurn {
        var s = state
        switch answer.digits {
        case "9": return escalate(s, reason: "pressed 9 at the emergency screen", heard: nil, now: now)
        case "1": s.language = "en"
        case "2": s.language = "es"
        default:
            if let speech = answer.speech {
                // Someone who names a language, or simply starts talking, is taken at their word.
                s.language = SpokenAnswer.language(speech) ?? LanguageGuess.language(of: speech)
            } else if s.retries(at: .menu) < policy.maxRetries {
                s.countRetry(at: .menu)
                return CallTurn(state: s, lines: menu(retry: true))
            }
        }
        return askLocation(s, prompt: "location-ask")
    }

    func locationAnswered(_ state: CallState, _ answer: CallAnswer) -> CallTurn {
        var s = state
        // "To hear the status of a case, press 2" is offered with the first question; a ZIP code
        // has five digits, so a lone 2 is never one.
        if answer.digits == "2", s.location == nil, !s.hasReport { return askCaseStatus(s, retry: false) }
        if answer.digits == "3", s.location == nil, !s.hasReport { return askInquiry(s, prompt: "inquiry-ask") }
        if let digits = answer.digits {
            // A ZIP code keyed in: certain, still read back.
            s.candidateLocation = Heard(text: digits, confidence: 1)
            return askConfirmation(s, retry: false)
        }
        if let speech = answer.speech {
            let heard = Heard(text: speech, confidence: answer.confidence)
            if isClear(heard) {
                s.candidateLocation = heard
                return askConfirmation(s, retry: false)
            }
            s.candidateLocation = Heard.better(s.candidateLocation, heard)
        }
        return retryLocation(s, prompt: "location-retry")
    }

    func retryLocation(_ state: CallState, prompt: String) -> CallTurn {
        var s = state
        guard s.retries(at: .location) < policy.maxRetries else {
            // Asked enough: carry on with the best heard, unconfirmed, or without a location.
            return settleLocation(s, confirmed: false)
        }
        s.countRetry(at: .location)
        return askLocation(s, prompt: prompt)
    }

    /// The location heard becomes the call's location, and the description comes next.
    func settleLocation(_ state: CallState, confirmed: Bool) -> CallTurn {
        var s = state
        s.location = s.candidateLocation
        s.locationConfirmed = confirmed
        s.candidateLocation = nil
        return askDescription(s, prompt: "description-ask")
    }

    func confirmAnswered(_ state: CallState, _ answer: CallAnswer) -> CallTurn {
        var s = state
        guard s.candidateLocation != nil else { return askLocation(s, prompt: "location-ask") }
        switch SpokenAnswer.confirmation(answer) {
        case true?:
            return settleLocation(s, confirmed: true)
        case false?:
            // Kept as a last resort, but any new guess beats what the caller said was wrong.
            s.candidateLocation?.confidence = 0
            return retryLocation(s, prompt: "location-again")
        case nil:
            guard s.retries(at: .confirm) < policy.maxRetries else { return settleLocation(s, confirmed: false) }
            s.countRetry(at: .confirm)
            return askConfirmation(s, retry: true)
        }
    }

    func descriptionAnswered(_ state: CallState, _ answer: CallAnswer) -> CallTurn {
        var s = state
        if let speech = answer.speech {
            let heard = Heard(text: speech, confidence: answer.confidence)
            if isClear(heard) {
                s.description = heard
                s.descriptionGuess = nil
                return offerVoicemail(s)
            }
            s.descriptionGuess = Heard.better(s.descriptionGuess, heard)
        }
        guard s.retries(at: .description) < policy.maxRetries else {
            s.description = s.descriptionGuess
            s.descriptionGuess = nil
            return offerVoicemail(s)
        }
        s.countRetry(at: .description)
        return askDescription(s, prompt: "description-retry")
    }

    /// The end of the questions: submit when there is a report, else say why there is none.
    func finish(_ state: CallState) -> CallTurn {
        var s = state
        guard s.hasReport else {
            s.step = .finished
            return CallTurn(state: s, lines: [.say(Prompt("no-report", s.language)), .hangup])
        }
        return CallTurn(state: s, lines: [], effect: .submit)
    }

    func submitted(_ state: CallState, revision: Int, _ outcome: SubmissionOutcome) -> CallTurn {
        var s = state
        switch outcome {
        case let .committed(ref, linked):
            var record = SubmissionRecord(revision: revision)
            record.caseRef = ref
            record.linked = linked
            record.referenceReadBack = true
            s.submission = record
            s.step = .reference
            return CallTurn(state: s, lines: readBack(s))
        case .answered(let answer):
            return inquiryAnswerRead(s, revision: revision, answer: answer)
        case .pending:
            s.submission = SubmissionRecord(revision: revision)
            s.step = .finished
            return CallTurn(state: s, lines: [.say(Prompt("reference-follows-call", s.language, ["can_text": .flag(canText(s))])), .hangup])
        case .failed:
            s.step = .finished
            return CallTurn(state: s, lines: [.say(Prompt("technical-problem", s.language)), .hangup])
        }
    }

    func referenceAnswered(_ state: CallState, _ answer: CallAnswer) -> CallTurn {
        var s = state
        if answer.digits == "1", s.referenceRepeats < policy.maxReferenceRepeats {
            s.referenceRepeats += 1
            return CallTurn(state: s, lines: readBack(s))
        }
        s.step = .finished
        return CallTurn(state: s, lines: [.say(Prompt("goodbye", s.language)), .hangup])
    }

    func escalate(_ state: CallState, reason: String, heard: String?, now: Date) -> CallTurn {
        var s = state
        s.step = .transferred
        // One escalation per call, however often the caller repeats it.
        guard s.escalation == nil else { return CallTurn(state: s, lines: transfer(s)) }
        s.escalation = EscalationRecord(reason: reason, heard: heard, raisedAt: now)
        return CallTurn(state: s, lines: transfer(s), effect: .escalate)
    }

    /// The current question again, without counting a retry.
    func replay(_ s: CallState) -> CallTurn {
        switch s.step {
        case .menu: CallTurn(state: s, lines: menu(retry: false))
        case .location: askLocation(s, prompt: "location-ask")
        case .confirm: askConfirmation(s, retry: false)
        case .description: askDescription(s, prompt: "description-ask")
        case .voicemailOffer: offerVoicemail(s)
        case .recording: startRecording(s)
        case .reference where s.submission?.caseRef != nil: CallTurn(state: s, lines: readBack(s))
        case .reference, .finished: CallTurn(state: s, lines: [.say(Prompt("goodbye", s.language)), .hangup])
        case .transferred: CallTurn(state: s, lines: transfer(s))
        case .caseStatus: askCaseStatus(s, retry: false)
        case .caseStatusTold: CallTurn(state: s, lines: caseStatusMenu(s))
        case .inquiry: askInquiry(s, prompt: "inquiry-ask")
        }
    }

    func isClear(_ heard: Heard) -> Bool {
        (heard.confidence ?? 1) >= policy.confidenceThreshold
    }

    /// Twilio's `<Record>` transcription is English only.
    func transcribes(_ s: CallState) -> Bool { s.language == "en" }

    /// Whether a text message can reach the caller: an E.164 number, not a withheld one.
    func canText(_ s: CallState) -> Bool { PhoneNumber.isReachable(s.caller) }
}
