/// Names and distances of the jurisdiction lookup; defaults are for Tucson in Pima County.
public struct JurisdictionConfiguration: Sendable, Equatable {
    /// The census place name of the city that runs the 311 service. Default "Tucson".
    public var mainCityPlaceName: String
    /// Its jurisdiction label. Default "City of Tucson".
    public var mainCityJurisdiction: String
    /// The county. Default "Pima County": labels "Unincorporated Pima County" and
    /// "Outside Pima County".
    public var countyName: String
    /// Without a county boundary file, a point counts as in the county when it lies within this
    /// distance of one of the county's ZIP centroids. Default 15 km: it covers the settled
    /// county (the ZIP centroids are dense there) but also reaches a little into neighbouring
    /// counties near the line (e.g. SaddleBrooke and Oracle in Pinal County), so a deployment
    /// should supply the county polygon (a `*county*.geojson` file) when it has one.
    public var countyZipRadiusM: Double
    /// A point inside the main city but in no neighbourhood-association polygon takes the ward of
    /// the nearest such polygon within this distance (marked approximate). 0 turns it off.
    /// Default 1,000 m: the 2013 neighbourhood layer does not cover the whole city.
    public var wardFallbackM: Double

    public init(
        mainCityPlaceName: String = "Tucson", mainCityJurisdiction: String = "City of Tucson",
        countyName: String = "Pima County", countyZipRadiusM: Double = 15_000, wardFallbackM: Double = 1_000
    ) {
        self.mainCityPlaceName = mainCityPlaceName
        self.mainCityJurisdiction = mainCityJurisdiction
        self.countyName = countyName
        self.countyZipRadiusM = countyZipRadiusM
        self.wardFallbackM = wardFallbackM
    }

    public var unincorporatedLabel: String { "Unincorporated \(countyName)" }
    public var outsideLabel: String { "Outside \(countyName)" }
}
