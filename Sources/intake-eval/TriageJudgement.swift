import IntakeCore

/// What the evaluation reads from a `TriageResult`: the category, the emergency escalation, the
/// possible-emergency tier (sent to 911 for review) and the review state of the category.
struct TriageJudgement: Equatable {
    var category: String
    /// Escalated as an emergency (the enrich stage publishes it to 911 at once).
    var emergency: Bool
    /// Flagged for a person at 911 to look at quickly without an automatic transfer.
    var possibleEmergency: Bool?
    /// Left for a person (or the resident) to choose the category.
    var needsReview: Bool?

    init(_ result: TriageResult) {
        category = result.category
        emergency = result.emergency
        possibleEmergency = result.emergencyTier == .possible
        needsReview = result.needsReview
    }

    init(category: String, emergency: Bool, possibleEmergency: Bool? = nil, needsReview: Bool? = nil) {
        self.category = category
        self.emergency = emergency
        self.possibleEmergency = possibleEmergency
        self.needsReview = needsReview
    }

    /// Escalated, or flagged as a possible emergency.
    var flagged: Bool { emergency || possibleEmergency == true }
}
