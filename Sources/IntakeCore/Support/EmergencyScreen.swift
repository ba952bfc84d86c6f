/// Whether a resident's words match an emergency pattern: the triage rules' one emergency
/// matcher (`TriageEngine` conforms), asked by channels that answer the resident before the
/// enrich stage has seen the contact.
public protocol EmergencyScreen: Sendable {
    /// The tier the words reach and the phrases that reached it, or nil.
    func emergencyMatch(in text: String) -> EmergencyMatch?
}

/// What an `EmergencyScreen` found.
public struct EmergencyMatch: Sendable, Equatable {
    public var tier: TriageResult.EmergencyTier
    /// The rule phrases that matched.
    public var phrases: [String]

    public init(tier: TriageResult.EmergencyTier, phrases: [String]) {
        self.tier = tier
        self.phrases = phrases
    }
}

extension ContactEnvelope {
    /// `channel_data` key a channel sets when its own immediate answer already told the resident
    /// to call 911 (the SMS webhook's TwiML), so that the enrich stage does not say it twice.
    public static let emergencyAdvisedKey = "emergency_advised"
}
