/// One street of the gazetteer (one normalized name, in every place it occurs) and its points.
struct StreetEntry: Sendable {
    var name: StreetName
    /// The address file's own spelling, for the operator's eyes.
    var display: String
    /// Numbered points sorted by low number.
    var points: [NumberedPoint]
    /// Every known position on the street, numbered or not (crossings included).
    var samples: [GeoPoint]
}

/// An address point on a street. Places are interned indexes into `Gazetteer.places`; -1 = none.
struct NumberedPoint: Sendable {
    var low: Int32
    var high: Int32
    var point: GeoPoint
    var zip: Int32
    var city: Int32
    var weight: Int32
    var text: String
}

/// Where two streets cross.
struct Crossing: Sendable {
    var point: GeoPoint
    var zip: Int32
    var city: Int32
    var weight: Int32
    /// 0 for a crossing the gazetteer lists; the gap between the two streets' nearest points for a
    /// derived one.
    var gapM: Float
}

/// Streets a query may mean, with how the name disagrees (`MatchEvidence.Doubt` bits) and how well
/// it agrees overall (1 = exactly).
struct StreetCandidate: Sendable {
    var street: Int32
    var doubts: UInt32
    var score: Double
}

@inline(__always)
func crossingKey(_ a: Int32, _ b: Int32) -> UInt64 {
    let (lo, hi) = a < b ? (a, b) : (b, a)
    return (UInt64(UInt32(bitPattern: lo)) << 32) | UInt64(UInt32(bitPattern: hi))
}
