/// Turns a match's evidence into a confidence that means something: the share of such matches
/// found within 50 m of the true point. A base per way the point was found, times a factor per
/// doubt; anything contradicting the text keeps it at or below `contradictionCeiling`, under the
/// geocoder's acceptance threshold.
///
/// `boston2015` was fitted by `intake-eval geocode --fit`: gazetteer from Boston 311 January–June
/// 2015, factors chosen on July–September (as written and with resident-style noise), reported on
/// October–December (docs/evaluation.md, "Geocoder confidence, calibrated").
public struct MatchConfidence: Sendable, Equatable {
    /// Indexed by `MatchEvidence.Basis.rawValue`.
    public var base: [Double]
    /// Indexed by `MatchEvidence.Doubt.rawValue`; each in (0, 1].
    public var factor: [Double]
    /// The most a contradicted match may score. Default 0.45: below the default acceptance
    /// threshold (0.5), so a contradicted match is only ever a candidate.
    public var contradictionCeiling: Double
    /// Whether a street name found only through a typo is a contradiction (the resident is asked
    /// to confirm it). Default true. Where one-typo names prove right (84 % within 50 m on
    /// Boston's), a city may set it false: the typo then only scores its factor.
    public var typoIsContradiction: Bool

    public init(base: [MatchEvidence.Basis: Double], factor: [MatchEvidence.Doubt: Double], contradictionCeiling: Double = 0.45,
                typoIsContradiction: Bool = true) {
        self.base = MatchEvidence.Basis.allCases.map { base[$0] ?? 0.5 }
        self.factor = MatchEvidence.Doubt.allCases.map { factor[$0] ?? 1 }
        self.contradictionCeiling = contradictionCeiling
        self.typoIsContradiction = typoIsContradiction
    }

    /// Whether the match is contradicted, as this table counts contradictions.
    public func contradicts(_ e: MatchEvidence) -> Bool {
        e.contradicts(countingTypos: typoIsContradiction)
    }

    public func confidence(_ e: MatchEvidence) -> Double {
        var c = base[e.basis.rawValue] * nameScore(e.bits)
        if contradicts(e) { c = min(c, contradictionCeiling) }
        return (min(1, max(0.01, c)) * 1000).rounded() / 1000
    }

    /// How well a street name agrees (1 = every part), to order the streets a name may mean.
    func nameScore(_ doubts: UInt32) -> Double {
        var s = 1.0
        var rest = doubts
        while rest != 0 {
            s *= factor[rest.trailingZeroBitCount]
            rest &= rest - 1
        }
        return s
    }

    /// Fitted on Boston 311, 2015 (see above): 182,517 matches of July–September, 84.9 % within
    /// 50 m (fitted again with this table in place until it stood still). Factors marked "not fitted" had fewer than 30 rows there (the city's own Location
    /// strings rarely leave out a type or direction, or write Spanish); they keep a mild prior.
    public static let boston2015 = MatchConfidence(
        base: [
            .exactNumber: 0.974, .interpolatedNumber: 0.974, .nearestNumber: 0.649,
            .listedCrossing: 0.990, .derivedCrossing: 0.735, .streetOnly: 0.358,
        ],
        factor: [
            .typeMissing: 0.97, .typeExtra: 0.95, .directionMissing: 0.95,  // not fitted
            .directionExtra: 0.329,
            .spanishTypeWord: 0.97, .unknownPlace: 0.95,  // not fitted
            .ambiguous: 0.500, .wideGap: 0.680, .oppositeSide: 1.0,
            .crossStreetInstead: 0.85, .between: 0.85,  // not fitted
            .fuzzyStreet: 1.0, .typeContradicts: 0.237,
            .directionContradicts: 0.103,  // not fitted (19 rows, none within 50 m)
            .placeContradicts: 0.475, .numberOutOfRange: 0.228,
        ])
}
