/// The numbers that shape a call: when speech counts as heard, how often to ask again.
public struct CallPolicy: Sendable, Equatable {
    /// Speech below this `Confidence` is asked again (and kept as a guess).
    public var confidenceThreshold: Double
    /// Asks again at a step after no input or unclear speech; then the call carries on with what it has.
    public var maxRetries: Int
    /// How many times the caller may hear the reference again.
    public var maxReferenceRepeats: Int
    /// The longest voice message, in seconds.
    public var recordMaxSeconds: Int
    /// Where emergencies are transferred (`INTAKE_911_NUMBER`).
    public var emergencyNumber: String
    /// The letters of a case reference (`INTAKE_CASE_PREFIX`): callers key in only the digits.
    public var caseReferencePrefix: String

    public init(confidenceThreshold: Double = 0.5, maxRetries: Int = 2, maxReferenceRepeats: Int = 3,
                recordMaxSeconds: Int = 120, emergencyNumber: String, caseReferencePrefix: String = "TUC") {
        self.caseReferencePrefix = caseReferencePrefix
        self.confidenceThreshold = confidenceThreshold
        self.maxRetries = maxRetries
        self.maxReferenceRepeats = maxReferenceRepeats
        self.recordMaxSeconds = recordMaxSeconds
        self.emergencyNumber = emergencyNumber
    }
}
