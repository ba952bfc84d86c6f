import IntakeCore
import IntakeLocate
import Testing

@Suite("Geocoder on the made-up Tucson fixture")
struct GeocoderTests {
    static let geocoder = Geocoder(gazetteer: TestData.gazetteer)

    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var method: GeoResult.Method
        var lat: Double
        var lon: Double
        /// Allowed error, metres. A crossing derived from address points lies between the corner
        /// lots, which the fixture places 15 m off each centre line: up to about 35 m away.
        var within: Double = 40
        var testDescription: String { text }
    }

    /// Stone & Congress, Speedway & Campbell, 5th St & 4th Ave in the fixture's layout.
    static let stoneCongress = (32.2216, -110.9716)
    static let speedwayCampbell = (32.2362, -110.9440)
    static let fifthFourth = (32.2301, -110.9665)

    @Test(arguments: [
        Case(text: "125 N Stone Ave", method: .address, lat: 32.2216 + 125 * 0.000011, lon: -110.97145, within: 5),
        Case(text: "123 N Stone Ave", method: .address, lat: 32.2216 + 123 * 0.000011, lon: -110.97145, within: 10),
        Case(text: "123 north stone avenue tucson az 85701", method: .address, lat: 32.2216 + 123 * 0.000011, lon: -110.97145, within: 10),
        Case(text: "123 N STONE AV.", method: .address, lat: 32.2216 + 123 * 0.000011, lon: -110.97145, within: 10),
        Case(text: "Speedway and Campbell", method: .intersection, lat: speedwayCampbell.0, lon: speedwayCampbell.1),
        Case(text: "corner of 5th St & 4th Ave", method: .intersection, lat: fifthFourth.0, lon: fifthFourth.1),
        Case(text: "Fifth Street and Fourth Avenue", method: .intersection, lat: fifthFourth.0, lon: fifthFourth.1),
        Case(text: "esquina de Stone y Congress", method: .intersection, lat: stoneCongress.0, lon: stoneCongress.1),
        Case(text: "ESQUINA DE STONE Y CONGRESS", method: .intersection, lat: stoneCongress.0, lon: stoneCongress.1),
        Case(text: "4th Ave entre 5th St y Speedway", method: .intersection, lat: (32.2301 + 32.2362) / 2, lon: -110.9665, within: 40),
        Case(text: "Nowhere Rd 85719", method: .zipCentroid, lat: 32.2362, lon: -110.95, within: 3_000),
    ])
    func geocodes(_ c: Case) throws {
        let r = Self.geocoder.geocode(c.text)
        #expect(r.method == c.method)
        let lat = try #require(r.lat), lon = try #require(r.lon)
        let error = GeoPoint(lat: lat, lon: lon).distance(to: GeoPoint(lat: c.lat, lon: c.lon))
        #expect(error <= c.within, "off by \(Int(error)) m; matched \(r.matched ?? "-")")
        #expect(r.confidence > 0 && r.confidence <= 1)
    }

    @Test func exactAddressIsMoreConfidentThanTypoOrInterpolation() throws {
        let exact = Self.geocoder.geocode("125 N Stone Ave")
        let interpolated = Self.geocoder.geocode("123 N Stone Ave")
        let typo = Self.geocoder.geocode("125 N Stoen Ave")
        #expect(exact.confidence >= interpolated.confidence)
        #expect(exact.confidence > (try #require(typo.candidate)).confidence)
        #expect(exact.matched == "125 N Stone Ave, Tucson 85701")
    }

    @Test("a typo of a street name is found, but only as a candidate to confirm", arguments: [
        Case(text: "123 N Stoen Ave", method: .unmatched, lat: 32.2216 + 123 * 0.000011, lon: -110.97145, within: 10),
        Case(text: "speedwya & campbel", method: .unmatched, lat: speedwayCampbell.0, lon: speedwayCampbell.1),
    ])
    func typoCandidates(_ c: Case) throws {
        let r = Self.geocoder.geocode(c.text)
        #expect(r.method == c.method)
        let candidate = try #require(r.candidate)
        let error = GeoPoint(lat: candidate.lat, lon: candidate.lon).distance(to: GeoPoint(lat: c.lat, lon: c.lon))
        #expect(error <= c.within, "off by \(Int(error)) m; candidate \(candidate.text)")
    }

    @Test func unknownTextIsUnmatched() {
        let r = Self.geocoder.geocode("qwerty uiop")
        #expect(r.method == .unmatched)
        #expect(r.lat == nil && r.confidence == 0)
    }

    @Test func deviceCoordinatesPassThrough() {
        let r = Self.geocoder.locate(Location(text: "somewhere", lat: 32.25, lon: -110.95, source: .device, accuracyM: 10))
        #expect(r.method == .coordinates)
        #expect(r.lat == 32.25 && r.lon == -110.95)
        #expect(r.confidence == 1)
        let vague = Self.geocoder.locate(Location(lat: 32.25, lon: -110.95, source: .device, accuracyM: 5_000))
        #expect(vague.confidence == 0.3)
    }

    @Test func findsTheLocationInsideAMessage() throws {
        let r = Self.geocoder.locate(nil, messageText: "There is a big pothole at 123 N Stone Ave by the bakery, please fix it")
        #expect(r.method == .address)
        let lat = try #require(r.lat)
        #expect(abs(lat - (32.2216 + 123 * 0.000011)) < 0.0002)
    }

    @Test func findsACrossingInsideASpanishMessage() throws {
        let r = Self.geocoder.locate(nil, messageText: "En la esquina de Stone y Congress hay un bache enorme")
        #expect(r.method == .intersection)
        let lat = try #require(r.lat), lon = try #require(r.lon)
        #expect(GeoPoint(lat: lat, lon: lon).distance(to: GeoPoint(lat: 32.2216, lon: -110.9716)) < 40)
    }

    @Test func addsJurisdictionWardAndNeighbourhood() throws {
        let map = try JurisdictionMap.load(directory: try TestData.tucsonGeoDirectory())
        let geocoder = Geocoder(gazetteer: TestData.gazetteer, jurisdictions: map)
        let r = geocoder.geocode("esquina de Stone y Congress")
        #expect(r.jurisdiction == "City of Tucson")
        let device = geocoder.locate(text: nil, lat: 32.2153, lon: -110.9662)
        #expect(device.jurisdiction == "City of Tucson")
        #expect(device.ward == "6")
        #expect(device.neighborhood == "Armory Park")
        let casasAdobes = geocoder.locate(text: nil, lat: 32.3417096, lon: -111.0105261)
        #expect(casasAdobes.jurisdiction == "Unincorporated Pima County")
        #expect(casasAdobes.ward == nil)
        #expect(casasAdobes.neighborhood == "Casas Adobes")
    }
}

@Suite("Geocoder on whatever residents send")
struct GeocoderRobustnessTests {
    static let messages = [
        "pothole at", "at stone", "near", "on 5th", "corner", "123", "123 N", "esquina de", "calle", "there is a pothole on",
        "Big pothole on Speedway and Campbell, eastbound lane", "Gas leak and smoke at 100 N Stone Ave!!",
        "Estoy sin hogar y necesito un albergue esta noche", "🚧🚧🚧", "", "   ", "&&& @@ // at at at on on",
        "99999999999999999999 N Stone Ave", "-5 Stone", "at 5th St & 4th Ave & & &",
    ]

    @Test("every beginning of every message is geocoded without a crash", arguments: messages)
    func prefixes(message: String) {
        let g = GeocoderTests.geocoder
        var prefix = ""
        for ch in message {
            prefix.append(ch)
            let r = g.geocodeMessage(prefix)
            #expect(r.confidence >= 0 && r.confidence <= 1)
            #expect((r.lat == nil) == (r.method == .unmatched))
        }
        _ = g.geocode(message)
    }
}
