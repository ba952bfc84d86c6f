public import IntakeCore

/// Tuning of the gazetteer; the defaults suit address points of a US city.
public struct GazetteerConfiguration: Sendable, Equatable {
    /// Two streets whose address points come this close somewhere are taken to cross there
    /// (address points stand back from the centre line, so this is more than a street's width).
    /// Default 60 m.
    public var derivedCrossingMaxGapM: Double
    /// When two named streets have no crossing within that gap (address points can be sparse),
    /// the closest pair of their points within this distance stands for the crossing, at lower
    /// confidence. Default 250 m.
    public var nearestPairMaxGapM: Double
    /// …searched only when the two streets' points multiply to at most this many comparisons, to
    /// bound the time of one lookup. Default 250,000 (about a millisecond).
    public var nearestPairMaxComparisons: Int
    /// House-number interpolation only between neighbours at most this many numbers apart.
    /// Default 200.
    public var interpolationMaxNumberGap: Int
    /// …and at most this far apart on the ground. Default 1,500 m.
    public var interpolationMaxDistanceM: Double
    /// Two points for the same address farther apart than this make the answer ambiguous and
    /// lower its confidence. Default 250 m.
    public var ambiguityDistanceM: Double
    /// Street names at least this long (letters) tolerate one typo. Default 4.
    public var fuzzyMinLength: Int
    /// An interpolation between neighbours more numbers apart than this, or a nearest number more
    /// than half of it away from the one given, is a doubt of the match (`wideGap`). Default 50.
    public var wideNumberGap: Int
    /// A house number this far beyond the lowest or highest the street is known to have still
    /// counts as on the street (the end of a block); farther, it contradicts the match. Default 10.
    public var houseNumberRangeSlack: Int
    /// What a hyphen in the address file's house numbers means. Default `.range` (Tucson).
    public var houseNumberHyphen: HouseNumberHyphen

    public init(
        derivedCrossingMaxGapM: Double = 60, nearestPairMaxGapM: Double = 250, nearestPairMaxComparisons: Int = 250_000,
        interpolationMaxNumberGap: Int = 200,
        interpolationMaxDistanceM: Double = 1_500, ambiguityDistanceM: Double = 250, fuzzyMinLength: Int = 4,
        wideNumberGap: Int = 50, houseNumberRangeSlack: Int = 10, houseNumberHyphen: HouseNumberHyphen = .range
    ) {
        self.wideNumberGap = wideNumberGap
        self.houseNumberRangeSlack = houseNumberRangeSlack
        self.houseNumberHyphen = houseNumberHyphen
        self.derivedCrossingMaxGapM = derivedCrossingMaxGapM
        self.nearestPairMaxGapM = nearestPairMaxGapM
        self.nearestPairMaxComparisons = nearestPairMaxComparisons
        self.interpolationMaxNumberGap = interpolationMaxNumberGap
        self.interpolationMaxDistanceM = interpolationMaxDistanceM
        self.ambiguityDistanceM = ambiguityDistanceM
        self.fuzzyMinLength = fuzzyMinLength
    }
}
