import IntakeCore
import IntakeTriage
import Testing

@Suite("Surge areas: the neighbourhood, else a grid cell")
struct SurgeAreaTests {
    @Test("a point with a neighbourhood counts in it; one without, in its grid cell; vague places not at all")
    func areas() throws {
        let inWestU = GeoResult(method: .address, lat: 32.2282, lon: -110.9641, confidence: 0.9, jurisdiction: "City of Tucson",
                                neighborhood: "West University")
        #expect(SurgeArea.of(inWestU, gridMetres: 500)?.key == "neighborhood:City of Tucson/West University")
        // Two points 100 m apart with no neighbourhood share a 500 m cell; one 2 km away does not.
        let a = try #require(SurgeArea.of(GeoResult(method: .coordinates, lat: 32.30010, lon: -110.80010, confidence: 1), gridMetres: 500))
        let b = try #require(SurgeArea.of(GeoResult(method: .coordinates, lat: 32.30055, lon: -110.80060, confidence: 1), gridMetres: 500))
        let far = try #require(SurgeArea.of(GeoResult(method: .coordinates, lat: 32.31800, lon: -110.80010, confidence: 1), gridMetres: 500))
        #expect(a.key.hasPrefix("grid:500:"))
        #expect(a.key == b.key)
        #expect(a.key != far.key)
        #expect(SurgeArea.of(GeoResult(method: .zipCentroid, lat: 32.2, lon: -110.9, confidence: 0.3), gridMetres: 500) == nil)
        #expect(SurgeArea.of(GeoResult(method: .unmatched, confidence: 0), gridMetres: 500) == nil)
        #expect(SurgeArea.of(nil, gridMetres: 500) == nil)
    }
}
