import Foundation
import Testing
@testable import intake_bench

@Suite("intake-bench compare: figures more than 10 % worse are flagged")
struct FigureComparisonTests {
    func figures(_ values: [String: (Double, BenchFigures.Better)]) -> BenchFigures {
        var f = BenchFigures(generatedAt: "2026-12-01T00:00:00Z", machine: "2 cores")
        for (name, v) in values { f.set(name, v.0, "u", better: v.1) }
        return f
    }

    @Test("a rate 11 % lower or a CPU cost 11 % higher is worse; 9 % either way is the same; a gain is better")
    func directions() {
        let old = figures(["rate": (1000, .higher), "cpu": (400, .lower), "p99": (50, .lower), "rate2": (1000, .higher), "cpu2": (400, .lower)])
        let new = figures(["rate": (890, .higher), "cpu": (444, .lower), "p99": (54.5, .lower), "rate2": (1200, .higher), "cpu2": (300, .lower)])
        let c = FigureComparison(old: old, new: new)
        let verdicts = Dictionary(uniqueKeysWithValues: c.lines.map { ($0.name, $0.verdict) })
        #expect(verdicts == ["rate": .worse, "cpu": .worse, "p99": .same, "rate2": .better, "cpu2": .better])
        #expect(c.regressions.map(\.name) == ["cpu", "rate"])
        #expect(abs(c.lines.first { $0.name == "rate" }!.worsening! - 0.11) < 1e-9)
        #expect(c.text.contains("2 figure(s) worse by more than 10 %"))
    }

    @Test("the tolerance is the edge: exactly 10 % worse passes, a figure gone from the new run fails, a new one does not")
    func edgesAndMissing() {
        let old = figures(["rate": (1000, .higher), "gone": (5, .lower)])
        let new = figures(["rate": (900, .higher), "added": (7, .lower)])
        let c = FigureComparison(old: old, new: new)
        #expect(c.lines.map(\.verdict) == [.onlyNew, .onlyOld, .same])
        #expect(c.regressions.map(\.name) == ["gone"])
        #expect(FigureComparison(old: old, new: old).regressions.isEmpty)
        // A tighter tolerance flags the same 10 %.
        #expect(FigureComparison(old: figures(["rate": (1000, .higher)]), new: figures(["rate": (900, .higher)]), tolerance: 0.05)
            .regressions.count == 1)
    }

    @Test("figures survive the JSON file unchanged")
    func jsonRoundTrip() throws {
        let f = figures(["empty.max_rate": (1735, .higher), "history.max.cpu_us_per_contact.postgres": (186.5, .lower)])
        let path = NSTemporaryDirectory() + "figures-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try f.write(to: path)
        #expect(try BenchFigures.read(from: path) == f)
    }
}
