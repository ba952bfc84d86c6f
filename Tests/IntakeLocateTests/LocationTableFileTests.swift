import IntakeLocate
import Testing

/// The location-table gazetteer form (as `boston_2015_locations_derived.csv`), with made-up rows.
@Suite("Location-table gazetteer")
struct LocationTableFileTests {
    static let csv = """
    location,location_street_name,zip,property_type,lat,lon,n_requests,n_distinct_coords
    10 Example St  Springfield  MA  02100,10 Example St,02100,Address,42.3000,-71.1000,3,1
    20 Example St  Springfield  MA  02100,20 Example St,02100,Address,42.3010,-71.1000,1,1
    10 Example St  Shelbyville  MA  02200,10 Example St,02200,Address,42.4000,-71.2000,1,1
    5 Sample Ave  Springfield  MA  02100,5 Sample Ave,02100,Address,42.3050,-71.1050,2,1
    INTERSECTION of Example St & Sample Ave  Springfield  MA,INTERSECTION Example St & Sample Ave,,Intersection,42.3040,-71.1001,4,1
    """

    static let gazetteer: Gazetteer = {
        let r = LocationTableFile.records(rows: try! LocationTableFile.rows(csv: CSVTable(text: csv)))
        return Gazetteer(addresses: r.addresses, intersections: r.intersections)
    }()

    @Test func readsAddressesAndListedCrossings() {
        let r = LocationTableFile.records(rows: try! LocationTableFile.rows(csv: CSVTable(text: Self.csv)))
        #expect(r.addresses.count == 4)
        #expect(r.intersections == [IntersectionRecord(
            streetA: "Example St", streetB: "Sample Ave", city: "Springfield", zip: nil,
            point: GeoPoint(lat: 42.3040, lon: -71.1001), weight: 4)])
        #expect(Self.gazetteer.cityNames.contains("shelbyville"))
    }

    @Test func theNamedPlaceDecidesBetweenTwoStreetsOfOneName() {
        let geocoder = Geocoder(gazetteer: Self.gazetteer)
        #expect(geocoder.geocode("10 Example St  Shelbyville  MA  02200").lat == 42.4)
        #expect(geocoder.geocode("10 example street springfield").lat == 42.3)
        // Without a place the address is in two towns: not an answer, but the more often
        // reported point is the candidate to ask about, with less confidence.
        let bare = geocoder.geocode("10 Example St")
        #expect(bare.method == .unmatched)
        #expect(bare.candidate?.lat == 42.3)
        #expect((bare.candidate?.confidence ?? 1) < geocoder.geocode("10 Example St  Springfield  MA  02100").confidence)
    }

    @Test func listedCrossingsAnswerIntersections() {
        let r = Geocoder(gazetteer: Self.gazetteer).geocode("INTERSECTION of Example St & Sample Ave  Springfield  MA")
        #expect(r.method == .intersection)
        #expect(r.lat == 42.3040 && r.lon == -71.1001)
        #expect(r.matched == "Example St & Sample Ave, Springfield")
    }

    @Test func quotedFieldsMayHoldCommasAndLineBreaks() {
        let t = CSVTable(text: "a,b\n\"x, \"\"y\"\"\nz\",2\n")
        #expect(t.header == ["a", "b"])
        #expect(t.rows == [["x, \"y\"\nz", "2"]])
    }
}
