@testable import IntakeLocate
import Testing

@Suite("Jurisdiction, ward and neighbourhood from the Tucson boundary files")
struct JurisdictionMapTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var lat: Double
        var lon: Double
        var jurisdiction: String
        var kind: JurisdictionAnswer.Kind
        var place: String?
        var ward: String? = nil
        var neighborhood: String? = nil
        var testDescription: String { name }
    }

    @Test(arguments: [
        Case(name: "Armory Park centroid", lat: 32.2153, lon: -110.9662, jurisdiction: "City of Tucson", kind: .incorporated,
             place: "Tucson", ward: "6", neighborhood: "Armory Park"),
        Case(name: "South Tucson internal point", lat: 32.1954741, lon: -110.9691542, jurisdiction: "South Tucson", kind: .incorporated, place: "South Tucson"),
        Case(name: "Oro Valley internal point", lat: 32.4207129, lon: -110.9770005, jurisdiction: "Oro Valley", kind: .incorporated, place: "Oro Valley"),
        Case(name: "Marana internal point", lat: 32.4655898, lon: -111.1370880, jurisdiction: "Marana", kind: .incorporated, place: "Marana"),
        Case(name: "Sahuarita internal point", lat: 31.9322250, lon: -110.9654000, jurisdiction: "Sahuarita", kind: .incorporated, place: "Sahuarita"),
        Case(name: "Casas Adobes (census-designated place)", lat: 32.3417096, lon: -111.0105261,
             jurisdiction: "Unincorporated Pima County", kind: .unincorporated, place: "Casas Adobes"),
        Case(name: "Ajo (no place polygon, Pima ZIP 85321)", lat: 32.2295, lon: -112.6542,
             jurisdiction: "Unincorporated Pima County", kind: .unincorporated, place: nil),
        Case(name: "Phoenix", lat: 33.4484, lon: -112.0740, jurisdiction: "Outside Pima County", kind: .outside, place: nil),
    ])
    func assigns(_ c: Case) throws {
        let map = try JurisdictionMap.load(directory: try TestData.tucsonGeoDirectory())
        let a = map.lookup(GeoPoint(lat: c.lat, lon: c.lon))
        #expect(a.jurisdiction == c.jurisdiction)
        #expect(a.kind == c.kind)
        #expect(a.place == c.place)
        if let ward = c.ward { #expect(a.ward == ward) }
        if let n = c.neighborhood { #expect(a.neighborhood == n) }
    }

    @Test func wardsAreGivenOnlyInsideTheCity() throws {
        let map = try JurisdictionMap.load(directory: try TestData.tucsonGeoDirectory())
        #expect(map.lookup(GeoPoint(lat: 32.3417096, lon: -111.0105261)).ward == nil)
        #expect(map.lookup(GeoPoint(lat: 32.2153, lon: -110.9662)).wardIsApproximate == false)
    }

    @Test func holesAreOutside() {
        // A square with a square hole.
        let outer = [GeoPoint(lat: 0, lon: 0), GeoPoint(lat: 0, lon: 10), GeoPoint(lat: 10, lon: 10), GeoPoint(lat: 10, lon: 0), GeoPoint(lat: 0, lon: 0)]
        let hole = [GeoPoint(lat: 4, lon: 4), GeoPoint(lat: 4, lon: 6), GeoPoint(lat: 6, lon: 6), GeoPoint(lat: 6, lon: 4), GeoPoint(lat: 4, lon: 4)]
        let p = Polygon(parts: [[outer, hole]])
        #expect(p.contains(GeoPoint(lat: 2, lon: 2)))
        #expect(!p.contains(GeoPoint(lat: 5, lon: 5)))
        #expect(!p.contains(GeoPoint(lat: 11, lon: 5)))
    }

    @Test("the edge bands give the same answer as testing every edge, across the real boundaries")
    func bandsAgreeWithEveryEdge() throws {
        let map = try JurisdictionMap.load(directory: try TestData.tucsonGeoDirectory())
        var generator = SystemRandomNumberGenerator()
        var inside = 0
        for polygon in map.places.map(\.polygon) + map.neighborhoods.map(\.polygon) {
            for _ in 0..<200 {
                let p = GeoPoint(lat: Double.random(in: polygon.minLat...polygon.maxLat, using: &generator),
                                 lon: Double.random(in: polygon.minLon...polygon.maxLon, using: &generator))
                let banded = polygon.contains(p)
                #expect(banded == polygon.containsScanningAllEdges(p), "\(p)")
                if banded { inside += 1 }
            }
            // A vertex's own latitude, where an edge starts or ends exactly at the ray.
            for v in stride(from: 0, to: min(polygon.rings[0].count, 400), by: 2) {
                let p = GeoPoint(lat: polygon.rings[0][v + 1], lon: polygon.rings[0][v] - 0.0001)
                #expect(polygon.contains(p) == polygon.containsScanningAllEdges(p), "\(p)")
            }
        }
        #expect(inside > 1000, "too few points fell inside to compare: \(inside)")
    }
}
