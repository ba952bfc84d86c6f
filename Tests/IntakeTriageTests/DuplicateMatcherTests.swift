import Foundation
import IntakeCore
import IntakeLocate
import IntakeTriage
import Testing

@Suite("Near-duplicate matching")
struct DuplicateMatcherTests {
    static let base = GeoPoint(lat: 32.2362, lon: -110.9440)
    static let now = Date(timeIntervalSinceReferenceDate: 800_000_000)
    static let parameters = DedupParameters()

    /// A point `north` metres north and `east` metres east of the base.
    static func offset(north: Double, east: Double = 0) -> GeoPoint {
        let p = LocalProjection(referenceLatitude: base.lat)
        return GeoPoint(lat: base.lat + north / p.metresPerDegreeLat, lon: base.lon + east / p.metresPerDegreeLon)
    }

    static let open = OpenCase(
        ref: "TUC-2026-000101", category: "pothole", point: base, openedAt: now.addingTimeInterval(-3 * 86_400),
        text: "Huge pothole on Speedway near Campbell, damaging tires")

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var category: String
        var north: Double
        var ageDays: Double = 3
        var text: String
        var verdict: DedupVerdict.Verdict
        var testDescription: String { name }
    }

    @Test(arguments: [
        Case(name: "confident: same words, 8 m away", category: "pothole", north: 8,
             text: "pothole on Speedway near Campbell is damaging tires", verdict: .linked),
        Case(name: "confident: Spanish words shared with an English case do not count, but a wordless report at the spot does",
             category: "pothole", north: 2, text: "", verdict: .linked),
        Case(name: "unsure: other words, 20 m away", category: "pothole", north: 20,
             text: "big hole in the road by the bus stop on Speedway", verdict: .possibleDuplicate),
        Case(name: "other category at the same spot", category: "streetlight", north: 0,
             text: "Huge pothole on Speedway near Campbell, damaging tires", verdict: .new),
        Case(name: "too far: 80 m away", category: "pothole", north: 80,
             text: "Huge pothole on Speedway near Campbell, damaging tires", verdict: .new),
        Case(name: "too old: case opened 31 days before", category: "pothole", north: 0, ageDays: 31 + 3,
             text: "Huge pothole on Speedway near Campbell, damaging tires", verdict: .new),
        Case(name: "unrelated words near the edge", category: "pothole", north: 45,
             text: "crater by my driveway", verdict: .new),
    ])
    func decides(_ c: Case) {
        let query = DuplicateQuery(
            category: c.category, point: Self.offset(north: c.north),
            at: Self.now.addingTimeInterval((c.ageDays - 3) * 86_400), text: c.text)
        let v = DuplicateMatcher.verdict(for: query, among: [Self.open], parameters: Self.parameters)
        #expect(v.verdict == c.verdict, "score \(v.similarity ?? -1)")
        if c.verdict == .new {
            #expect(v.caseRef == nil)
        } else {
            #expect(v.caseRef == "TUC-2026-000101")
            #expect(abs((v.distanceM ?? -1) - c.north) < 1)
        }
    }

    @Test func theBestCandidateWinsAndTiesGoToTheNearest() {
        let far = OpenCase(ref: "FAR", category: "pothole", point: Self.offset(north: 30), openedAt: Self.now, text: "pothole speedway campbell")
        let near = OpenCase(ref: "NEAR", category: "pothole", point: Self.offset(north: 5), openedAt: Self.now, text: "pothole speedway campbell")
        let q = DuplicateQuery(category: "pothole", point: Self.base, at: Self.now, text: "pothole speedway campbell")
        #expect(DuplicateMatcher.verdict(for: q, among: [far, near], parameters: Self.parameters).caseRef == "NEAR")
    }

    @Test func theIndexFindsWhatThePureFunctionWould() {
        var index = OpenCaseIndex(referenceLatitude: Self.base.lat)
        index.insert(Self.open)
        for i in 0..<500 {
            index.insert(OpenCase(
                ref: "X\(i)", category: i % 2 == 0 ? "graffiti" : "pothole", point: Self.offset(north: Double(200 + i * 10), east: 50),
                openedAt: Self.now, text: "pothole"))
        }
        let q = DuplicateQuery(category: "pothole", point: Self.offset(north: 8), at: Self.now, text: "pothole on Speedway near Campbell is damaging tires")
        let fromIndex = index.verdict(for: q, parameters: Self.parameters)
        #expect(fromIndex.verdict == .linked)
        #expect(fromIndex.caseRef == "TUC-2026-000101")
        #expect(index.candidates(category: "pothole", near: Self.base, radiusM: 50).map(\.ref) == ["TUC-2026-000101"])
        let removed = index.remove(ref: "TUC-2026-000101")
        #expect(removed)
        #expect(index.verdict(for: q, parameters: Self.parameters).verdict == .new)
        #expect(index.count == 500)
        index.removeOpened(before: Self.now.addingTimeInterval(1))
        #expect(index.count == 0)
    }

    @Test func twoReportsThatCouldMergeShareALockKey() {
        for north in stride(from: 0.0, through: 50, by: 7) {
            for east in stride(from: -50.0, through: 50, by: 13) where (north * north + east * east).squareRoot() <= 50 {
                let a = DuplicateMatcher.lockKeys(category: "pothole", point: Self.base, radiusM: 50)
                let b = DuplicateMatcher.lockKeys(category: "pothole", point: Self.offset(north: north, east: east), radiusM: 50)
                #expect(!Set(a).isDisjoint(with: b))
            }
        }
        let other = DuplicateMatcher.lockKeys(category: "graffiti", point: Self.base, radiusM: 50)
        #expect(Set(other).isDisjoint(with: DuplicateMatcher.lockKeys(category: "pothole", point: Self.base, radiusM: 50)))
        #expect(DuplicateMatcher.lockKeys(category: "pothole", point: Self.base, radiusM: 50).count <= 4)
    }

    @Test func perCategoryRadiusAndWindowComeFromTheRules() {
        let graffiti = RulesFile.engine.dedupParameters(for: "graffiti")
        #expect(graffiti.radiusM == 30)
        #expect(graffiti.windowSeconds == 60 * 86_400)
        let other = RulesFile.engine.dedupParameters(for: "other")
        #expect(other.radiusM == 50 && other.windowSeconds == 30 * 86_400)
    }

    @Test func textSimilarityIgnoresCaseAccentsAndStopWords() {
        let a = TextSignature(text: "Hay un BACHE en la calle Stone")
        let b = TextSignature(text: "bache calle stone")
        #expect(a.jaccard(b) == 1)
        #expect(TextSignature(text: "the of and").isEmpty)
    }
}
