/// Point → jurisdiction, ward and neighbourhood, from boundary polygons.
///
/// Places (TIGER PLACE polygons): an incorporated city or town (CLASSFP C*) is its own
/// jurisdiction; a census-designated place is unincorporated county. Beyond every place, the
/// county test decides between unincorporated county and outside (a county polygon when given,
/// else distance to the county's ZIP centroids, see `JurisdictionConfiguration`). Neighbourhood
/// associations give neighbourhood and ward; where they overlap the smaller one wins. Each layer
/// has a grid index, so a lookup tests only the few polygons near the point.
public struct JurisdictionMap: Sendable {
    public struct Place: Sendable {
        public var name: String
        public var incorporated: Bool
        public var polygon: Polygon

        public init(name: String, incorporated: Bool, polygon: Polygon) {
            self.name = name
            self.incorporated = incorporated
            self.polygon = polygon
        }
    }

    public struct Neighborhood: Sendable {
        public var name: String
        public var ward: String?
        public var polygon: Polygon

        public init(name: String, ward: String?, polygon: Polygon) {
            self.name = name
            self.ward = ward
            self.polygon = polygon
        }
    }

    /// How the county is told apart from what lies beyond it.
    public enum County: Sendable {
        case polygons([Polygon])
        case zipCentroids([GeoPoint])
        /// No county data: everything outside the places is "outside".
        case none
    }

    public let configuration: JurisdictionConfiguration
    let places: [Place]
    let placeIndex: PolygonGridIndex
    let neighborhoods: [Neighborhood]
    let neighborhoodAreas: [Double]
    let neighborhoodIndex: PolygonGridIndex
    let county: County
    let projection: LocalProjection

    public init(places: [Place], neighborhoods: [Neighborhood], county: County, configuration: JurisdictionConfiguration = .init()) {
        self.configuration = configuration
        self.places = places
        self.placeIndex = PolygonGridIndex(polygons: places.map(\.polygon))
        self.neighborhoods = neighborhoods
        self.neighborhoodAreas = neighborhoods.map(\.polygon.planarArea)
        self.neighborhoodIndex = PolygonGridIndex(polygons: neighborhoods.map(\.polygon))
        self.county = county
        let lat = places.first.map { ($0.polygon.minLat + $0.polygon.maxLat) / 2 } ?? 32.2
        self.projection = LocalProjection(referenceLatitude: lat)
    }

    /// Place names, so the geocoder can recognise them at the end of an address.
    public var placeNames: [String] { places.map(\.name) }

    public func lookup(_ p: GeoPoint) -> JurisdictionAnswer {
        var place: Place?
        for i in placeIndex.candidates(p) {
            let candidate = places[Int(i)]
            guard candidate.polygon.contains(p) else { continue }
            if place == nil || (candidate.incorporated && !place!.incorporated) { place = candidate }
        }
        var answer: JurisdictionAnswer
        if let place, place.incorporated {
            let label = place.name == configuration.mainCityPlaceName ? configuration.mainCityJurisdiction : place.name
            answer = JurisdictionAnswer(kind: .incorporated, jurisdiction: label, place: place.name)
        } else if inCounty(p) {
            answer = JurisdictionAnswer(kind: .unincorporated, jurisdiction: configuration.unincorporatedLabel, place: place?.name)
        } else {
            answer = JurisdictionAnswer(kind: .outside, jurisdiction: configuration.outsideLabel, place: place?.name)
        }

        var best: Int?
        for i in neighborhoodIndex.candidates(p) where neighborhoods[Int(i)].polygon.contains(p) {
            if best == nil || neighborhoodAreas[Int(i)] < neighborhoodAreas[best!] { best = Int(i) }
        }
        let inMainCity = answer.kind == .incorporated && answer.place == configuration.mainCityPlaceName
        if let best {
            answer.neighborhood = neighborhoods[best].name
            if inMainCity { answer.ward = neighborhoods[best].ward }
        } else if inMainCity, configuration.wardFallbackM > 0 {
            let degrees = configuration.wardFallbackM / projection.metresPerDegreeLon
            var nearest: (Int, Double)?
            for i in neighborhoodIndex.candidates(p, within: degrees) {
                let d = neighborhoods[Int(i)].polygon.distance(from: p, projection: projection)
                if d <= configuration.wardFallbackM, nearest == nil || d < nearest!.1 { nearest = (Int(i), d) }
            }
            if let (i, _) = nearest, let ward = neighborhoods[i].ward {
                answer.ward = ward
                answer.wardIsApproximate = true
            }
        }
        return answer
    }

    private func inCounty(_ p: GeoPoint) -> Bool {
        switch county {
        case .polygons(let polygons):
            return polygons.contains { $0.contains(p) }
        case .zipCentroids(let points):
            let r = configuration.countyZipRadiusM
            return points.contains { projection.distance($0, p) <= r }
        case .none:
            return false
        }
    }
}
