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
    /// 0 (a guess) … 1 (exact).
    public var confidence: Double
}
