import IntakeCore

/// What the evaluation reads from a `TriageResult`: the category, the emergency escalation, and
/// the review signals a later triage may add.
///
/// Today's result has neither a "needs review" state nor a "possible emergency" tier. Rather than
/// wait for them, the fields are looked up by name, so that the report counts them as soon as the
/// result type carries one: `needsReview` (Bool) or `candidates` (more than one category offered)
/// for review; `possibleEmergency` (Bool) or an `emergencyTier`/`tier` whose value is `possible`
/// for the weaker emergency signal.
struct TriageJudgement: Equatable {
    var category: String
    /// Escalated as an emergency (the enrich stage publishes it to 911 at once).
    var emergency: Bool
    /// Flagged for a person to look at quickly without an escalation; nil: the result has no such field.
    var possibleEmergency: Bool?
    /// Left for a person to choose the category; nil: the result has no such field.
    var needsReview: Bool?

    init(_ result: TriageResult) {
        category = result.category
        emergency = result.emergency
        (possibleEmergency, needsReview) = Self.reviewSignals(of: result)
    }

    /// The review signals of a triage result, read by field name (nil: no such field).
    static func reviewSignals(of result: Any) -> (possibleEmergency: Bool?, needsReview: Bool?) {
        var possible: Bool?
        var review: Bool?
        for child in Mirror(reflecting: result).children {
            switch child.label {
            case "needsReview":
                review = (review ?? false) || isTrue(child.value)
            case "candidates":
                review = (review ?? false) || count(child.value) > 1
            case "possibleEmergency":
                possible = (possible ?? false) || isTrue(child.value)
            case "emergencyTier", "tier":
                possible = (possible ?? false) || unwrapped(child.value).map { "\($0)" } == "possible"
            default:
                continue
            }
        }
        return (possible, review)
    }

    init(category: String, emergency: Bool, possibleEmergency: Bool? = nil, needsReview: Bool? = nil) {
        self.category = category
        self.emergency = emergency
        self.possibleEmergency = possibleEmergency
        self.needsReview = needsReview
    }

    /// Escalated, or flagged as a possible emergency.
    var flagged: Bool { emergency || possibleEmergency == true }

    private static func unwrapped(_ value: Any) -> Any? {
        let m = Mirror(reflecting: value)
        guard m.displayStyle == .optional else { return value }
        return m.children.first.map(\.value)
    }

    private static func isTrue(_ value: Any) -> Bool { unwrapped(value) as? Bool == true }

    private static func count(_ value: Any) -> Int {
        guard let v = unwrapped(value) else { return 0 }
        let m = Mirror(reflecting: v)
        return m.displayStyle == .collection || m.displayStyle == .set ? m.children.count : 0
    }
}
