public import Foundation

/// What becomes of a call once it is over (the status callback said so, or it went quiet for too
/// long): a contact when it gave a report, a count in the metrics when it gave nothing.
public enum CallEnding {
    public enum Disposition: Sendable, Equatable {
        /// Submit the contact (it has a report and was not submitted during the call).
        case submit
        /// Nothing to report: count it (at the step the caller left) and forget the call.
        case abandon(at: CallStep)
        /// Keep the state: the voice message's callbacks, or an escalation, are still owed.
        case keep
        /// Done: delete the state.
        case forget
    }

    /// How long calls are kept.
    public struct Timings: Sendable, Equatable {
        /// A call with no request for this long is over, whatever the status callback said (or did not).
        public var liveCallExpiry: Duration
        /// How long an ended call waits for its voice message's recording and transcription.
        public var endedCallRetention: Duration
        /// How often the calls folder is swept.
        public var sweepInterval: Duration
        /// How often an escalation the bus did not take is tried again.
        public var escalationRetryInterval: Duration

        public init(liveCallExpiry: Duration = .seconds(15 * 60), endedCallRetention: Duration = .seconds(60 * 60),
                    sweepInterval: Duration = .seconds(60), escalationRetryInterval: Duration = .seconds(5)) {
            self.liveCallExpiry = liveCallExpiry
            self.endedCallRetention = endedCallRetention
            self.sweepInterval = sweepInterval
            self.escalationRetryInterval = escalationRetryInterval
        }
    }

    /// The call ended with Twilio's `status`: marks it and says what to do.
    public static func end(_ state: CallState, status: String, now: Date) -> (CallState, Disposition) {
        var s = state
        if s.ended == nil { s.ended = CallEnd(status: status, at: now) }
        s.updatedAt = now
        return (s, disposition(of: s))
    }

    /// What an ended call still needs.
    public static func disposition(of s: CallState) -> Disposition {
        if let e = s.escalation {
            // A call handed to 911 makes no 311 case; its escalation is its record.
            return e.published ? .forget : .keep
        }
        if s.submission != nil {
            // A caller who hangs up while recording still left a message: its callbacks come after the end.
            let recordingUnderWay = s.step == .recording && s.voicemail == nil
            return recordingUnderWay || (s.voicemail.map { !$0.settled } ?? false) ? .keep : .forget
        }
        if VoiceContact.envelope(from: s, revision: 1) != nil { return .submit }
        return .abandon(at: s.step)
    }

    /// What the sweep does with a call last touched at `updatedAt`: nil to leave it alone.
    public static func sweep(_ s: CallState, now: Date, timings: Timings) -> (CallState, Disposition)? {
        let idle = now.timeIntervalSince(s.updatedAt)
        if s.ended == nil {
            guard idle >= seconds(timings.liveCallExpiry) else { return nil }
            return end(s, status: "expired", now: now)
        }
        guard idle >= seconds(timings.endedCallRetention) else { return nil }
        switch disposition(of: s) {
        // An unpublished escalation is never dropped; the retry loop keeps at it.
        case .keep where s.escalation != nil: return nil
        // The voice message's callbacks did not all come: the contact stands as submitted.
        case .keep: return (s, .forget)
        case let other: return (s, other)
        }
    }

    static func seconds(_ d: Duration) -> TimeInterval {
        let c = d.components
        return TimeInterval(c.seconds) + TimeInterval(c.attoseconds) / 1e18
    }
}
