import Foundation
import IntakeCore
import IntakeLocate
import IntakeTriage
import Testing

/// What duplicate matching compares of a report's words, with the city's rules file.
@Suite("Duplicate text: the problem's words, not the place's")
struct DuplicateTextTests {
    static let engine = RulesFile.engine
    static let point = GeoPoint(lat: 32.2217, lon: -110.9265)
    static let opened = Date(timeIntervalSince1970: 1_780_000_000)

    static func signature(_ text: String, place: String? = nil) -> TextSignature {
        engine.duplicateSignature(text: text, place: place)
    }

    /// The verdict for `second` against an open case made of `first`, both at one point.
    static func verdict(_ first: String, _ second: String, category: String = "pothole", metres: Double = 0) -> DedupVerdict.Verdict {
        let p = LocalProjection(referenceLatitude: point.lat)
        let there = GeoPoint(lat: point.lat + metres / p.metresPerDegreeLat, lon: point.lon)
        let open = OpenCase(ref: "TUC-2026-000001", category: category, point: point, openedAt: opened, signature: signature(first))
        let query = DuplicateQuery(category: category, point: there, at: opened.addingTimeInterval(3_600), signature: signature(second))
        return DuplicateMatcher.verdict(for: query, among: [open], parameters: engine.dedupParameters(for: category)).verdict
    }

    struct Words: Sendable, CustomTestStringConvertible {
        var text: String
        var place: String?
        var same: String
        var testDescription: String { text }
    }

    @Test("house numbers, street names and types, directions and the place's own words are left out", arguments: [
        Words(text: "pothole at 1420 E Broadway Blvd", same: "pothole"),
        Words(text: "big pothole in front of 2245 north treat ave", same: "big pothole in front"),
        Words(text: "hay un bache en la calle Stone esquina con la 6ta", same: "bache"),
        Words(text: "potholes on pima st by swan", place: "Pima and Swan", same: "potholes"),
        Words(text: "pothole on 22nd street", same: "pothole"),
    ])
    func addressWordsDoNotCount(_ w: Words) {
        #expect(Self.signature(w.text, place: w.place) == Self.signature(w.same))
    }

    @Test func wordsAreStemmedInTheTextsLanguage() {
        #expect(Self.signature("potholes everywhere").similarity(Self.signature("pothole everywhere")) == 1)
        #expect(Self.signature("baches por todos lados").language == "es")
        #expect(Self.signature("hay muchos baches").similarity(Self.signature("un bache grande")) ?? 0 > 0)
    }

    @Test func twoLanguagesHaveNoWordsToCompare() {
        let en = Self.signature("huge pothole in the eastbound lane by the pharmacy")
        let es = Self.signature("hay un bache muy grande en el carril enfrente de la farmacia")
        #expect(en.similarity(es) == nil)
        #expect(en.jaccard(es) == 0)
    }

    @Test func theSameProblemInEnglishAndSpanishAtOneAddressIsOneCase() {
        #expect(Self.verdict("street light out in front of my house", "el poste de luz enfrente de mi casa no prende",
                             category: "streetlight") == .linked)
    }

    @Test func aRewordedReportAtOneAddressIsLinked() {
        #expect(Self.verdict("deep pothole in the right lane at 1420 E Broadway", "that pothole at 1420 east broadway blvd is getting deeper") == .linked)
    }

    @Test func twoProblemsAtOneAddressWhoseWordsDisagreeStayApart() {
        // Same category, same point, but nothing in common beyond the address.
        let v = Self.verdict("pothole in the northbound lane at 1420 E Broadway", "broken curb on the southbound side at 1420 E Broadway")
        #expect(v != .linked)
    }

    @Test func oppositeSidesOfAContrastAreTwoProblemsHoweverAlikeTheRest() {
        let a = Self.signature("deep pothole in the northbound lane")
        let b = Self.signature("deep pothole in the southbound lane")
        #expect(a.contradicts(b))
        #expect(!a.contradicts(Self.signature("deep pothole in the northbound lane, getting worse")))
        #expect(Self.verdict("deep pothole in the northbound lane", "deep pothole in the southbound lane") == .new)
    }

    @Test func theSamePointIsAStrongSignButDistanceStillCounts() {
        let first = "water bubbling out of the sidewalk by the bus stop"
        let second = "theres water coming up through the sidewalk"
        #expect(Self.verdict(first, second, category: "water_leak") == .linked)
        #expect(Self.verdict(first, second, category: "water_leak", metres: 40) != .linked)
    }

    @Test func contrastGroupsAreValidated() throws {
        var rules = Self.engine.rules
        rules.dedup.contrasts = [["left"]]
        #expect(throws: TriageRulesError.self) { try rules.validate() }
        rules.dedup.contrasts = DedupParameters.defaultContrasts
        rules.dedup.samePointBonus = 2
        #expect(throws: TriageRulesError.self) { try rules.validate() }
    }
}
