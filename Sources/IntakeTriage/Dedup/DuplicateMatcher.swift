import Foundation
public import IntakeCore
public import IntakeLocate

/// Decides whether a report is a new problem or one already reported: the pure rule, shared by
/// the enrich stage (against its in-memory `OpenCaseIndex`) and the case writer (against the open
/// cases it reads inside its transaction, which is how two simultaneous reports through two enrich
/// instances still end as one case).
public enum DuplicateMatcher {
    /// One candidate's score, for inspection.
    public struct Score: Sendable, Equatable {
        public var ref: String
        public var similarity: Double
        public var distanceM: Double
    }

    /// The verdict among `candidates` (any open cases; those of another category, too far or
    /// outside the window are skipped here, so a coarse database query is enough).
    public static func verdict(for query: DuplicateQuery, among candidates: some Sequence<OpenCase>, parameters: DedupParameters) -> DedupVerdict {
        guard let best = bestScore(for: query, among: candidates, parameters: parameters) else {
            return DedupVerdict(verdict: .new)
        }
        let similarity = (best.similarity * 1000).rounded() / 1000
        let distance = (best.distanceM * 10).rounded() / 10
        if best.similarity >= parameters.confidentSimilarity {
            return DedupVerdict(verdict: .linked, caseRef: best.ref, similarity: similarity, distanceM: distance)
        }
        if best.similarity >= parameters.unsureSimilarity {
            return DedupVerdict(verdict: .possibleDuplicate, caseRef: best.ref, similarity: similarity, distanceM: distance)
        }
        return DedupVerdict(verdict: .new, caseRef: nil, similarity: similarity, distanceM: distance)
    }

    /// The best-scoring eligible candidate: highest score, then nearest, then oldest.
    public static func bestScore(for query: DuplicateQuery, among candidates: some Sequence<OpenCase>, parameters: DedupParameters) -> Score? {
        let projection = LocalProjection(referenceLatitude: query.point.lat)
        var best: (score: Score, openedAt: Date)?
        for c in candidates {
            guard c.category == query.category,
                  abs(query.at.timeIntervalSince(c.openedAt)) <= parameters.windowSeconds else { continue }
            let d = projection.distance(query.point, c.point)
            guard d <= parameters.radiusM else { continue }
            // Opposite sides of a contrast ("northbound" / "southbound") are two problems outright.
            if query.signature.contradicts(c.signature) { continue }
            // Unknown text (no words, or two languages) counts as neither agreeing nor not.
            let text = query.signature.similarity(c.signature) ?? parameters.emptyTextSimilarity
            let nearness = parameters.radiusM > 0 ? 1 - d / parameters.radiusM : 1
            var s = parameters.textWeight * text + (1 - parameters.textWeight) * nearness
            // One category at one address point is a strong sign of one problem, unless the texts say otherwise.
            if d <= parameters.samePointM { s = min(1, s + parameters.samePointBonus) }
            let score = Score(ref: c.ref, similarity: s, distanceM: d)
            if let b = best {
                if s < b.score.similarity { continue }
                if s == b.score.similarity {
                    if d > b.score.distanceM { continue }
                    if d == b.score.distanceM && c.openedAt >= b.openedAt { continue }
                }
            }
            best = (score, c.openedAt)
        }
        return best?.score
    }

    /// Advisory-lock keys for the writer: one per grid cell that the search disk of this category
    /// touches, sorted (lock them in this order to avoid deadlocks). Two reports within one radius
    /// of each other always share a key, so holding them serialises exactly the commits that could
    /// merge. `cellM` must be at least the largest radius in use.
    public static func lockKeys(category: String, point: GeoPoint, radiusM: Double, cellM: Double = 200) -> [Int64] {
        let cell = max(cellM, radiusM)
        let projection = LocalProjection(referenceLatitude: 0)
        // A fixed reference latitude keeps the grid the same for every process and every point.
        let (x, y) = projection.project(point)
        let stretch = 1 / max(0.1, cos(point.lat * .pi / 180))
        let x0 = GridCell(x: x - radiusM * stretch, y: y - radiusM, size: cell)
        let x1 = GridCell(x: x + radiusM * stretch, y: y + radiusM, size: cell)
        let salt = Int64(bitPattern: TextSignature.hash(Substring(category)))
        var keys: [Int64] = []
        for gx in x0.x...x1.x {
            for gy in x0.y...x1.y {
                keys.append(GridCell(x: gx, y: gy).key ^ salt)
            }
        }
        return keys.sorted()
    }
}
