public import IntakeCore
public import IntakeTriage

/// The writer's own near-duplicate check, under the lock of the place (see `CaseStore`): the
/// enrich stage's verdict was made on its own view of open cases, which misses a case another
/// instance opened a moment ago. Pure, so that it is tested without a database.
public enum NearDuplicates {
    public struct Question: Sendable {
        public var query: DuplicateQuery
        public var parameters: DedupParameters

        public init(query: DuplicateQuery, parameters: DedupParameters) {
            self.query = query
            self.parameters = parameters
        }
    }

    /// Prefix of a placeholder reference for a case opened earlier in the same batch.
    public static let batchPrefix = "batch:"

    /// Turns `create` dispositions into links when an open case (committed, or opened earlier in
    /// this batch) is confidently the same problem, and flags unsure ones. Cases opened in the
    /// batch are named `batch:<index>` until they have a number.
    public static func resolve(_ dispositions: [BatchPlan.Disposition], questions: [Int: Question],
                               openCases: [OpenCase]) -> [BatchPlan.Disposition] {
        var out = dispositions
        var openedHere: [OpenCase] = []
        for i in dispositions.indices {
            guard case let .create(year, flagged) = dispositions[i], let q = questions[i] else { continue }
            let candidates = openCases.filter { $0.category == q.query.category } + openedHere.filter { $0.category == q.query.category }
            let v = DuplicateMatcher.verdict(for: q.query, among: candidates, parameters: q.parameters)
            switch v.verdict {
            case .linked:
                let ref = v.caseRef!
                if ref.hasPrefix(batchPrefix), let j = Int(ref.dropFirst(batchPrefix.count)) {
                    out[i] = .linkToBatch(of: j)
                } else {
                    out[i] = .link(ref: ref)
                }
                continue
            case .possibleDuplicate:
                out[i] = .create(year: year, possibleDuplicateOf: flagged ?? v.caseRef)
            case .new, .exactDuplicate:
                break
            }
            openedHere.append(OpenCase(ref: "\(batchPrefix)\(i)", category: q.query.category, point: q.query.point,
                                       openedAt: q.query.at, signature: q.query.signature))
        }
        return out
    }
}
