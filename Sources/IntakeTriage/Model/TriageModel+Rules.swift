import Foundation
public import IntakeCore

extension TriageModel {
    /// The rules decide where they are confident; the model only where they found no category
    /// (the default category, no referral), and only when it is at least `threshold` sure of a
    /// category the rules know. Its decision is marked in `matched` ("model 0.93") so that an
    /// operator sees it was the model, not a phrase.
    public func decide(_ result: TriageResult, text: String, rules: TriageRules) -> TriageResult {
        guard result.category == rules.defaultCategory, result.referral == nil else { return result }
        let p = predict(text)
        guard p.posterior >= threshold, p.category != rules.defaultCategory,
              let rule = rules.categories.first(where: { $0.id == p.category })
        else { return result }
        var out = result
        out.category = p.category
        out.priority = max(result.emergency ? .emergency : .low, rule.priority ?? rules.defaultPriority)
        out.matched.append(Self.mark(posterior: p.posterior))
        return out
    }

    /// What `matched` says when the model decided.
    public static func mark(posterior: Double) -> String {
        "model " + String(format: "%.2f", posterior)
    }
}
