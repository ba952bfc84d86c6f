/// What the duplicate judgement did with one labelled pair.
enum PairOutcome: String, CaseIterable {
    /// Linked to the first report's case: judged the same problem.
    case linked
    /// A new case flagged as a possible duplicate of the first.
    case possibleDuplicate = "possible duplicate"
    /// Compared and judged a different problem.
    case new
    /// Never compared: triage put the two in different categories.
    case splitByCategory = "split by category"
    /// Never compared: the second is not merged at all (an emergency, a referral, the default category).
    case notMergeable = "not mergeable"
}

/// Pair outcomes against the labels: precision and recall of "same".
struct PairTally: Equatable {
    /// `counts[labelledSame][outcome]`.
    private(set) var counts: [Bool: [PairOutcome: Int]] = [:]

    mutating func record(labelledSame: Bool, _ outcome: PairOutcome) {
        counts[labelledSame, default: [:]][outcome, default: 0] += 1
    }

    func count(labelledSame: Bool, _ outcome: PairOutcome) -> Int { counts[labelledSame]?[outcome] ?? 0 }

    func count(_ outcome: PairOutcome) -> Int { count(labelledSame: true, outcome) + count(labelledSame: false, outcome) }

    func labelled(same: Bool) -> Int { counts[same]?.values.reduce(0, +) ?? 0 }

    /// Precision of "same" when the outcomes in `judgedSame` count as a "same" judgement.
    func precision(judgedSame: Set<PairOutcome>) -> Double? {
        let tp = judgedSame.reduce(0) { $0 + count(labelledSame: true, $1) }
        let judged = judgedSame.reduce(0) { $0 + count($1) }
        return Scorecard.share(tp, judged)
    }

    /// Recall of "same" when the outcomes in `judgedSame` count as a "same" judgement.
    func recall(judgedSame: Set<PairOutcome>) -> Double? {
        let tp = judgedSame.reduce(0) { $0 + count(labelledSame: true, $1) }
        return Scorecard.share(tp, labelled(same: true))
    }
}
