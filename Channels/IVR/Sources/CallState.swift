public import Foundation
public import IntakeCore

/// Everything one call has given so far, kept on disk between Twilio's requests (`CallStore`), so
/// that a restarted adapter carries on where the call was.
public struct CallState: Codable, Sendable, Equatable {
    public var callSID: String
    /// `From`: the caller's number (personal data: never logged above debug).
    public var caller: String?
    /// `To`: the 311 number called; a text message with the reference is sent from it.
    public var called: String?
    /// `en` or `es`.
    public var language: String
    public var step: CallStep
    /// Asks at each step that went unanswered or unclear, by `CallStep` raw value.
    public var retries: [String: Int] = [:]
    /// The location heard and not yet confirmed, or the best unclear one so far.
    public var candidateLocation: Heard?
    /// The location taken: confirmed by the caller, or the best heard when asking again did not help.
    public var location: Heard?
    public var locationConfirmed = false
    /// The best unclear description so far, taken when asking again does not help.
    public var descriptionGuess: Heard?
    public var description: Heard?
    public var voicemail: Voicemail?
    public var escalation: EscalationRecord?
    /// The contact as last submitted; nil until it is.
    public var submission: SubmissionRecord?
    /// Set by the call status callback (or the expiry sweep) once the call is over.
    public var ended: CallEnd?
    public var referenceRepeats = 0
    /// The caller pressed 3 ("for information"): what they say is a question, not a report.
    public var askedQuestion: Bool?
    /// What Twilio sent at the start that has no field of its own (`To`, city, state …).
    public var providerData: [String: String] = [:]
    public var startedAt: Date
    public var updatedAt: Date

    public init(callSID: String, caller: String?, called: String?, language: String = "en", step: CallStep = .menu,
                providerData: [String: String] = [:], now: Date) {
        self.callSID = callSID
        self.caller = caller
        self.called = called
        self.language = language
        self.step = step
        self.providerData = providerData
        self.startedAt = RFC3339.wire(now)
        self.updatedAt = RFC3339.wire(now)
    }

    public func retries(at step: CallStep) -> Int { retries[step.rawValue] ?? 0 }

    public mutating func countRetry(at step: CallStep) {
        retries[step.rawValue, default: 0] += 1
    }

    /// Whether the caller gave enough for a case: a description, or a voice message in its place.
    public var hasReport: Bool {
        description != nil || voicemail?.recordingURL != nil
    }
}

/// A voice message left after the description, and what Twilio's callbacks later said about it.
public struct Voicemail: Codable, Sendable, Equatable {
    public var recordingSID: String?
    public var recordingURL: String?
    public var durationSeconds: Int?
    /// The audio, once fetched into the blob store.
    public var attachment: Attachment?
    /// Why the audio could not be fetched, if it could not.
    public var unfetched: String?
    /// The recording status callback came (completed, absent or failed).
    public var recordingSettled = false
    public var transcription: String?
    public var transcriptionStatus: String?
    /// Twilio transcribes English only, so a Spanish message waits for no transcription.
    public var transcriptionExpected: Bool

    public init(recordingSID: String?, recordingURL: String?, durationSeconds: Int?, transcriptionExpected: Bool) {
        self.recordingSID = recordingSID
        self.recordingURL = recordingURL
        self.durationSeconds = durationSeconds
        self.transcriptionExpected = transcriptionExpected
    }

    /// Nothing more is expected from Twilio about this message.
    public var settled: Bool {
        recordingSettled && (!transcriptionExpected || transcriptionStatus != nil)
    }
}

/// An emergency handed to 911, kept until the bus has it.
public struct EscalationRecord: Codable, Sendable, Equatable {
    public var reason: String
    /// What the caller said that raised it, if words did.
    public var heard: String?
    public var raisedAt: Date
    public var published = false
    public var attempts = 0

    public init(reason: String, heard: String?, raisedAt: Date) {
        self.reason = reason
        self.heard = heard
        self.raisedAt = RFC3339.wire(raisedAt)
    }
}

/// The contact as last submitted through `ContactIntake`.
public struct SubmissionRecord: Codable, Sendable, Equatable {
    public var revision: Int
    public var caseRef: String?
    public var linked = false
    /// The caller heard the reference on the call, so no text message is owed.
    public var referenceReadBack = false

    public init(revision: Int) {
        self.revision = revision
    }
}

/// How the call ended, as the status callback (or the expiry sweep) said.
public struct CallEnd: Codable, Sendable, Equatable {
    /// `completed`, `busy`, `no-answer`, `failed`, `canceled`, or `expired` from the sweep.
    public var status: String
    public var at: Date

    public init(status: String, at: Date) {
        self.status = status
        self.at = RFC3339.wire(at)
    }
}
