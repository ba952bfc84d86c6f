/// What happened on a call since the flow last spoke: the input to `CallFlow.advance`.
public enum CallInput: Sendable, Equatable {
    /// The number's voice URL was requested again for a call already known.
    case start
    /// A `<Gather>` answered on `route`.
    case answer(VoiceRoute, CallAnswer)
    /// `<Record>` finished: the recording, or nil when nothing was recorded.
    case recorded(RecordingInfo?)
    /// The contact was submitted as `revision` (after a `.submit` effect).
    case submitted(revision: Int, SubmissionOutcome)
    /// The status of the case the caller keyed in was looked up (after a `.lookUpStatus` effect).
    case caseStatusLookedUp(CaseStatusHeard)
    /// The transfer to 911 ended with Twilio's `DialCallStatus`.
    case dialEnded(status: String)
}

/// A recording as `<Record>`'s action and the recording status callback describe it.
public struct RecordingInfo: Sendable, Equatable {
    public var sid: String?
    public var url: String
    public var durationSeconds: Int?

    public init(sid: String?, url: String, durationSeconds: Int?) {
        self.sid = sid
        self.url = url
        self.durationSeconds = durationSeconds
    }
}

/// How `ContactIntake.submit` fared.
public enum SubmissionOutcome: Sendable, Equatable {
    /// The case committed in time: the reference can be read to the caller.
    case committed(caseRef: String, linked: Bool)
    /// The contact was a question: its answer (or that a person will answer), to read aloud.
    case answered(String)
    /// Durable, but not yet committed: the reference follows by text message.
    case pending
    /// Not durable (the spool failed): the status callback or the sweep will try again.
    case failed
}

/// A case's status as the caller hears it.
public enum CaseStatusHeard: Sendable, Equatable {
    /// `state` is `open`, `in_progress` or `closed`; `category` the label in the caller's language.
    case found(ref: String, state: String, category: String?, note: String?)
    case notFound(ref: String)
    case unavailable(ref: String)
}

/// What the handler must do besides answering.
public enum CallEffect: Sendable, Equatable {
    /// Publish the escalation now kept in the state.
    case escalate
    /// Submit the contact, then feed `.submitted` back to the flow.
    case submit
    /// Look up the status of the case `ref`, then feed `.caseStatusLookedUp` back to the flow.
    case lookUpStatus(ref: String)
}

/// One step of the flow: the new state, what to say, and what to do.
public struct CallTurn: Sendable, Equatable {
    public var state: CallState
    public var lines: [VoiceLine]
    public var effect: CallEffect?

    public init(state: CallState, lines: [VoiceLine], effect: CallEffect? = nil) {
        self.state = state
        self.lines = lines
        self.effect = effect
    }
}
