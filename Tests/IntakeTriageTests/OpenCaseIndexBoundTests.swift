import Foundation
import IntakeCore
import IntakeLocate
import IntakeTriage
import Testing

@Suite("Enrich's open cases: a hot spot costs a bounded search")
struct OpenCaseIndexBoundTests {
    let spot = GeoPoint(lat: 32.22180, lon: -110.97160)
    let now = Date()

    @Test("500 open cases at one address give the newest perCell as candidates, whatever order they came in")
    func newestPerCell() {
        var index = OpenCaseIndex(referenceLatitude: 32.2, perCell: 32)
        // Out of order: the newest are not the last inserted.
        for i in (0..<500).shuffled() {
            index.insert(OpenCase(ref: "TUC-2026-\(i)", category: "streetlight", point: spot,
                                  openedAt: now.addingTimeInterval(Double(i - 500) * 60), text: "streetlight out"))
        }
        let found = index.candidates(category: "streetlight", near: spot, radiusM: 50)
        #expect(found.count == 32)
        #expect(Set(found.map(\.ref)) == Set((468..<500).map { "TUC-2026-\($0)" }))
        // A closed one makes room for the next newest.
        index.remove(ref: "TUC-2026-499")
        #expect(Set(index.candidates(category: "streetlight", near: spot, radiusM: 50).map(\.ref))
            == Set((467..<499).map { "TUC-2026-\($0)" }))
        // The verdict is still found among them.
        let v = index.verdict(for: DuplicateQuery(category: "streetlight", point: spot, at: now, text: "streetlight out"),
                              parameters: DedupParameters())
        #expect(v.verdict == .linked)
    }

    @Test("sweeping old cases is due once the index has doubled since the last sweep, not every thousand")
    func sweepIsAmortized() {
        var index = OpenCaseIndex(referenceLatitude: 32.2)
        var sweeps = 0
        for i in 0..<10_000 {
            index.insert(OpenCase(ref: "R\(i)", category: "pothole", point: GeoPoint(lat: 32 + Double(i) * 1e-4, lon: -111),
                                  openedAt: now, text: "pothole"))
            if index.isDueForSweep {
                sweeps += 1
                index.removeOpened(before: now.addingTimeInterval(-86_400))
            }
        }
        #expect(index.count == 10_000)
        // 1,000, 2,000, 4,000, 8,000: a sweep per doubling.
        #expect(sweeps == 4)
    }
}
