/// What the gazetteer found for a parsed location.
public struct GazetteerMatch: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        /// A house number on a street: exact, interpolated or the nearest number.
        case address
        /// A crossing of two streets, listed or derived from where their points meet.
        case intersection
        /// Only the street was known: a point along it, of low confidence.
        case street
    }
    public var kind: Kind
    public var point: GeoPoint
    /// The gazetteer's own spelling of what matched ("29 Hereford St, Boston 02115").
    public var matched: String
    /// What the match rests on and what speaks against it.
    public var evidence: MatchEvidence
    /// 0 (a guess) … 1 (exact): `MatchConfidence` of the evidence.
    public var confidence: Double

    init(kind: Kind, point: GeoPoint, matched: String, evidence: MatchEvidence, confidence: Double = 0) {
        self.kind = kind
        self.point = point
        self.matched = matched
        self.evidence = evidence
        self.confidence = confidence
    }

    /// Whether this match should be preferred to `other`: one the text does not contradict
    /// first, then the more confident.
    func isBetter(than other: GazetteerMatch?) -> Bool {
        guard let other else { return true }
        if evidence.contradicts != other.evidence.contradicts { return !evidence.contradicts }
        return confidence > other.confidence
    }

    mutating func rescore(_ model: MatchConfidence) {
        confidence = model.confidence(evidence)
    }
}
