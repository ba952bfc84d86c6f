import Foundation
import IntakeCore
import IntakeLocate
import IntakeTriage
import IntakeWriter
import Testing

@Suite("Writer's near-duplicate check")
struct NearDuplicatesTests {
    let parameters = DedupParameters()
    let now = Date()
    let stoneAndCongress = GeoPoint(lat: 32.22180, lon: -110.97160)

    func question(_ text: String, category: String = "pothole", metresNorth: Double = 0) -> NearDuplicates.Question {
        let p = GeoPoint(lat: stoneAndCongress.lat + metresNorth / 111_320, lon: stoneAndCongress.lon)
        return .init(query: DuplicateQuery(category: category, point: p, at: now, text: text), parameters: parameters)
    }

    @Test("a committed open case of the same kind at the same place takes the report")
    func linksToCommitted() {
        let open = [OpenCase(ref: "TUC-2026-000010", category: "pothole", point: stoneAndCongress,
                             openedAt: now.addingTimeInterval(-3600), text: "deep pothole at stone and congress")]
        let out = NearDuplicates.resolve([.create(year: 2026, possibleDuplicateOf: nil)],
                                         questions: [0: question("pothole at stone and congress, very deep")], openCases: open)
        #expect(out == [.link(ref: "TUC-2026-000010")])
    }

    @Test("two reports of one problem in the same batch make one case")
    func linksWithinBatch() {
        let out = NearDuplicates.resolve([.create(year: 2026, possibleDuplicateOf: nil), .create(year: 2026, possibleDuplicateOf: nil)],
                                         questions: [0: question("big pothole stone congress"), 1: question("pothole at stone and congress is big", metresNorth: 10)],
                                         openCases: [])
        #expect(out == [.create(year: 2026, possibleDuplicateOf: nil), .linkToBatch(of: 0)])
    }

    @Test("another category, another place or a report without a question stays a new case")
    func keepsApart() {
        let open = [OpenCase(ref: "TUC-2026-000010", category: "graffiti", point: stoneAndCongress, openedAt: now, text: "pothole")]
        let out = NearDuplicates.resolve(
            [.create(year: 2026, possibleDuplicateOf: nil), .create(year: 2026, possibleDuplicateOf: nil), .create(year: 2026, possibleDuplicateOf: nil)],
            questions: [0: question("pothole"), 1: question("pothole", metresNorth: 500)], openCases: open)
        #expect(out == [.create(year: 2026, possibleDuplicateOf: nil), .create(year: 2026, possibleDuplicateOf: nil), .create(year: 2026, possibleDuplicateOf: nil)])
    }

    @Test("a batch placeholder becomes the new case's reference")
    func placeholders() {
        #expect(BatchPlan.resolve("batch:1", newRefs: [1: "TUC-2026-000042"]) == "TUC-2026-000042")
        #expect(BatchPlan.resolve("TUC-2026-000001", newRefs: [:]) == "TUC-2026-000001")
        #expect(BatchPlan.resolve(nil, newRefs: [:]) == nil)
    }
}
