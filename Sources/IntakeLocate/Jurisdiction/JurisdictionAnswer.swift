/// Who is responsible for a point, and where in the city it is.
public struct JurisdictionAnswer: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        /// Inside an incorporated city or town.
        case incorporated
        /// In the county, outside every incorporated place (census-designated places included).
        case unincorporated
        /// Outside the county.
        case outside
    }

    public var kind: Kind
    /// "City of Tucson", "South Tucson", "Oro Valley", "Unincorporated Pima County",
    /// "Outside Pima County".
    public var jurisdiction: String
    /// The census place the point is in (incorporated, or a census-designated place such as
    /// Casas Adobes), if any.
    public var place: String?
    /// City ward ("6"), only inside the main city.
    public var ward: String?
    /// True when the ward was taken from the nearest neighbourhood, not a containing one.
    public var wardIsApproximate: Bool
    /// Neighbourhood association ("Armory Park"), if the point is in one.
    public var neighborhood: String?

    public init(kind: Kind, jurisdiction: String, place: String? = nil, ward: String? = nil, wardIsApproximate: Bool = false, neighborhood: String? = nil) {
        self.kind = kind
        self.jurisdiction = jurisdiction
        self.place = place
        self.ward = ward
        self.wardIsApproximate = wardIsApproximate
        self.neighborhood = neighborhood
    }
}
