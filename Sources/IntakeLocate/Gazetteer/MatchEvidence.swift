/// What a gazetteer match rests on and what speaks against it: the features its confidence is
/// read from (`MatchConfidence`), and what the calibration of that table counts.
public struct MatchEvidence: Sendable, Equatable {
    /// How the point was found.
    public enum Basis: Int, Sendable, CaseIterable {
        /// The house number itself is an address point of the street.
        case exactNumber
        /// Between two numbered neighbours on the same side.
        case interpolatedNumber
        /// The nearest known number stands in for it (no neighbours on both sides close enough).
        case nearestNumber
        /// A crossing the address file lists.
        case listedCrossing
        /// A crossing derived from where the two streets' points meet, or come closest.
        case derivedCrossing
        /// Only the street is known: a point somewhere along it.
        case streetOnly

        public var name: String { String(describing: self) }
    }

    /// Something that makes the match less likely to be the place meant. The last five are
    /// contradictions: the text says something the match is not, or the name was only guessed.
    public enum Doubt: Int, Sendable, CaseIterable {
        /// The resident left out the street type the match has ("Stone" for "N Stone Ave").
        case typeMissing
        /// The resident gave a type the matched street has none of ("Broadway St").
        case typeExtra
        /// The resident left out the direction the match has.
        case directionMissing
        /// The resident gave a direction the matched street has none of.
        case directionExtra
        /// A Spanish type word read as the type ("calle Congress").
        case spanishTypeWord
        /// The resident named a ZIP or city the gazetteer does not know.
        case unknownPlace
        /// The same address, or another street of the same name, lies elsewhere too.
        case ambiguous
        /// Interpolated over a wide gap of numbers, the nearest number far from the one given,
        /// or the closest points of two streets stand for their crossing.
        case wideGap
        /// The nearest known number is on the other side of the street.
        case oppositeSide
        /// An address on a street that was not found: its cross street was used.
        case crossStreetInstead
        /// A stretch between two crossings, or one crossing of the two given.
        case between
        /// The street name was matched through a typo ("Stoen" for "Stone").
        case fuzzyStreet
        /// The text says another street type ("St" for an "Ave").
        case typeContradicts
        /// The text says another direction ("W 5th St" for "E 5th St").
        case directionContradicts
        /// The text names a ZIP or city the matched street has no point in.
        case placeContradicts
        /// The house number lies outside the numbers the street is known to have.
        case numberOutOfRange

        public var isContradiction: Bool { rawValue >= Doubt.fuzzyStreet.rawValue }
        public var name: String { String(describing: self) }
    }

    public var basis: Basis
    /// One bit per `Doubt`, by raw value.
    private(set) var bits: UInt32 = 0

    public init(basis: Basis, doubts: [Doubt] = []) {
        self.basis = basis
        for d in doubts { add(d) }
    }

    public func has(_ d: Doubt) -> Bool { bits & (1 << UInt32(d.rawValue)) != 0 }

    public mutating func add(_ d: Doubt) { bits |= 1 << UInt32(d.rawValue) }

    public mutating func remove(_ d: Doubt) { bits &= ~(1 << UInt32(d.rawValue)) }

    /// Adds every doubt of `other` (its basis is left aside).
    public mutating func add(doubtsOf other: MatchEvidence) { bits |= other.bits }

    mutating func add(nameDoubts: UInt32) { bits |= nameDoubts }

    public var doubts: [Doubt] { Doubt.allCases.filter(has) }

    /// Whether anything in the text contradicts the match.
    public var contradicts: Bool { bits >> UInt32(Doubt.fuzzyStreet.rawValue) != 0 }

    /// …leaving a typo of the street name aside when `countingTypos` is false.
    public func contradicts(countingTypos: Bool) -> Bool {
        countingTypos ? contradicts : (bits & ~Self.bit(.fuzzyStreet)) >> UInt32(Doubt.fuzzyStreet.rawValue) != 0
    }

    static func bit(_ d: Doubt) -> UInt32 { 1 << UInt32(d.rawValue) }
}
