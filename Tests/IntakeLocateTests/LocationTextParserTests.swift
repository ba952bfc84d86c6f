import IntakeLocate
import Testing

@Suite("Location text parser")
struct LocationTextParserTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var form: ParsedLocation.Form
        var number: Int?
        var streets: [String]
        var zip: String?
        var city: String?
        var testDescription: String { text }
    }

    static let parser = LocationTextParser(cityNames: ["Tucson", "South Tucson", "Boston", "East Boston", "Oro Valley"])

    @Test(arguments: [
        Case(text: "123 N Stone Ave", form: .address, number: 123, streets: ["n stone ave"]),
        Case(text: "123 north stone avenue, Tucson AZ 85701", form: .address, number: 123, streets: ["n stone ave"], zip: "85701", city: "tucson"),
        Case(text: "123 N. STONE AV.", form: .address, number: 123, streets: ["n stone ave"]),
        Case(text: "Speedway and Campbell", form: .intersection, streets: ["speedway", "campbell"]),
        Case(text: "corner of 5th St & 4th Ave", form: .intersection, streets: ["5th st", "4th ave"]),
        Case(text: "Fifth Street & Fourth Avenue", form: .intersection, streets: ["5th st", "4th ave"]),
        Case(text: "esquina de Stone y Congress", form: .intersection, streets: ["stone", "congress"]),
        Case(text: "En la esquina de Stone y Congress, Tucson", form: .intersection, streets: ["stone", "congress"], city: "tucson"),
        Case(text: "Stone esquina con Congress", form: .intersection, streets: ["stone", "congress"]),
        Case(text: "speedway @ campbell", form: .intersection, streets: ["speedway", "campbell"]),
        Case(text: "Stone entre Congress y Broadway", form: .between, streets: ["stone", "congress", "broadway"]),
        Case(text: "4th Ave between 5th St and Speedway Blvd", form: .between, streets: ["4th ave", "5th st", "speedway blvd"]),
        Case(text: "29 Hereford St  Boston  MA  02115", form: .address, number: 29, streets: ["hereford st"], zip: "02115", city: "boston"),
        Case(text: "INTERSECTION of London St & George R. Visconti Rd  East Boston  MA", form: .intersection,
             streets: ["london st", "george r visconti rd"], city: "east boston"),
        Case(text: "120-122 Melville Ave", form: .address, number: 120, streets: ["melville ave"]),
        Case(text: "123 E Congress St Apt 4", form: .address, number: 123, streets: ["e congress st"]),
        Case(text: "Calle Stone 123", form: .address, number: 123, streets: ["calle stone"]),
        Case(text: "5 St", form: .street, streets: ["5th st"]),
        Case(text: "Saint James Ave", form: .street, streets: ["st james ave"]),
        Case(text: "Stone and Tucson Blvd", form: .intersection, streets: ["stone", "tucson blvd"]),
        Case(text: "12345 N Oracle Rd", form: .address, number: 12345, streets: ["n oracle rd"]),
        Case(text: "85719", form: .none, streets: [], zip: "85719"),
        Case(text: "100 herford stret", form: .address, number: 100, streets: ["herford st"]),
    ])
    func parses(_ c: Case) {
        let p = Self.parser.parse(c.text)
        #expect(p.form == c.form)
        #expect(p.houseNumber?.low == c.number)
        #expect(p.streets.map(\.key) == c.streets)
        #expect(p.zip == c.zip)
        #expect(p.city == c.city)
    }

    @Test func houseNumberRangesKeepBothEnds() throws {
        let n = try #require(HouseNumber(token: "120-122"))
        #expect(n.low == 120 && n.high == 122)
        #expect(HouseNumber(token: "5th") == nil)
        #expect(HouseNumber(token: "9a")?.low == 9)
    }

    @Test(arguments: [("Esquina", ["esquina"]), ("Ñandú está", ["nandu", "esta"]), ("O’Meara's", ["omearas"]), ("120-122", ["120-122"]), ("Blenman-Elm", ["blenman", "elm"])])
    func foldsText(_ text: String, _ tokens: [String]) {
        #expect(FoldedText.tokens(text) == tokens)
    }

    @Test(arguments: [("hereford", "herford", true), ("hereford", "hereofrd", true), ("stone", "stones", true), ("stone", "stoned", true), ("stone", "store", true), ("stone", "atone", true), ("stone", "tones", false), ("campbell", "cambel", false)])
    func editDistanceWithinOne(_ a: String, _ b: String, _ expected: Bool) {
        #expect(EditDistance.withinOne(a, b) == expected)
    }
}
