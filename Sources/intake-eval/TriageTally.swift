/// Emergency judgement on a group of labelled messages.
struct EmergencyTally: Equatable {
    /// Labelled `emergency`: escalated.
    var emergencyRecall = Rate()
    /// Labelled `possible`: escalated or flagged as a possible emergency.
    var possibleRecall = Rate()
    /// Labelled `none`: escalated all the same.
    var falseAlarms = Rate()

    mutating func record(_ tier: LabelledMessage.Tier, _ j: TriageJudgement) {
        switch tier {
        case .emergency: emergencyRecall.record(j.emergency)
        case .possible: possibleRecall.record(j.flagged)
        case .none: falseAlarms.record(j.emergency)
        }
    }
}

/// Everything the triage report counts, message by message.
struct TriageTally {
    /// The groups emergencies are reported on, in order.
    static let groups = ["all", "look-alikes", "en", "es"]

    let defaultCategory: String
    var scorecard = Scorecard()
    /// All messages: left for review (only when the result has a review field).
    var review = Rate()
    /// Messages labelled other than the default: filed under the default with no review.
    var silentlyDefault = Rate()
    /// Whether any result carried a review field / a possible-emergency field.
    var resultHasReview = false
    var resultHasPossible = false
    var emergencies: [String: EmergencyTally] = [:]
    /// Misjudged messages by label, in the set's order.
    var misses: [String: [(message: LabelledMessage, judged: TriageJudgement)]] = [:]
    var missedEmergencies: [(message: LabelledMessage, judged: TriageJudgement)] = []
    var falseAlarms: [(message: LabelledMessage, judged: TriageJudgement)] = []

    init(defaultCategory: String) {
        self.defaultCategory = defaultCategory
    }

    mutating func record(_ m: LabelledMessage, _ j: TriageJudgement) {
        scorecard.record(label: m.category, predicted: j.category)
        if j.category != m.category { misses[m.category, default: []].append((m, j)) }
        if j.needsReview != nil { resultHasReview = true }
        if j.possibleEmergency != nil { resultHasPossible = true }
        review.record(j.needsReview == true)
        if m.category != defaultCategory {
            silentlyDefault.record(j.category == defaultCategory && j.needsReview != true)
        }
        var groups = ["all", m.lang]
        if m.isLookAlike { groups.append("look-alikes") }
        for g in groups { emergencies[g, default: EmergencyTally()].record(m.emergency, j) }
        if m.emergency == .emergency && !j.emergency { missedEmergencies.append((m, j)) }
        if m.emergency == .none && j.emergency { falseAlarms.append((m, j)) }
    }
}
