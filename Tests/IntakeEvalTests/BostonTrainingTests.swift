import IntakeTriage
import Testing
@testable import intake_eval

@Suite("Boston training rows")
struct BostonTrainingTests {
    static let rows: [(title: String, type: String)] =
        (0..<5).map { ("Pothole Repair (Internal) \($0)", "Pothole Repair (Internal)") }
        + [("Street Light Outages", "Street Light Outages"), ("  ", "Street Light Outages"),
           ("Fire Hydrant", "Fire Hydrant"), ("Sign Repair", "Sign Repair"), ("Building Inspection Request", "Building Inspection Request")]

    @Test("types map to the rules' categories, unmapped types are other, left-out types and empty titles are skipped, each category capped")
    func mapsAndCaps() {
        let sample = BostonCategories.sample(Self.rows, perCategory: 3, seed: 1)
        var counts: [String: Int] = [:]
        for e in sample { counts[e.category, default: 0] += 1 }
        #expect(counts == ["pothole": 3, "streetlight": 1, "other": 2])
        #expect(!sample.contains { $0.text == "Fire Hydrant" })
        #expect(sample.filter { $0.category == "other" }.map(\.text).sorted() == ["Building Inspection Request", "Sign Repair"])
        // The same seed gives the same rows in the same order.
        #expect(BostonCategories.sample(Self.rows, perCategory: 3, seed: 1) == sample)
    }

    @Test("every mapped category is one of the city's rules")
    func categoriesAreTheRules() throws {
        let rules = try TriageRules(path: RepositoryFiles.triageRules())
        let ids = Set(rules.categories.map(\.id))
        #expect(Set(BostonCategories.map.values).isSubset(of: ids))
    }
}
