import Foundation
import IntakeCore
import IntakeTriage
import Testing

/// The window logic alone: reports in, outcomes out, time from the reports themselves.
@Suite("Surge watch: sliding windows per category and area")
struct SurgeWatchTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static let westU = SurgeArea(key: "neighborhood:City of Tucson/West University", label: "West University")
    static let feldman = SurgeArea(key: "neighborhood:City of Tucson/Feldman's", label: "Feldman's")
    /// 3 reports in 60 minutes; streetlight has its own 2 in 10 minutes; noise is off.
    static let categories: [String: SurgeRules.Threshold?] = ["streetlight": SurgeRules.Threshold(count: 2, windowSeconds: 600), "noise": nil]
    static let rules = SurgeRules(defaults: .init(count: 3, windowSeconds: 3600), categories: categories)

    static func report(_ id: String, _ minutes: Double, category: String = "water_leak", area: SurgeArea = westU) -> SurgeWatch.Report {
        .init(contactID: id, category: category, area: area, at: t0.addingTimeInterval(minutes * 60))
    }

    static func started(_ o: SurgeWatch.Outcome) -> SurgeWatch.Surge? {
        if case .started(let s) = o { return s }
        return nil
    }

    static func joined(_ o: SurgeWatch.Outcome) -> SurgeWatch.Surge? {
        if case .joined(let s) = o { return s }
        return nil
    }

    @Test("the report that makes the count reach the threshold starts the surge, with the window's contacts; later ones join it without a second start")
    func startsOnceThenJoins() throws {
        var w = SurgeWatch(rules: Self.rules)
        #expect(w.record(Self.report("a", 0)) == .counted(1))
        #expect(w.record(Self.report("b", 10)) == .counted(2))
        let surge = try #require(Self.started(w.record(Self.report("c", 20))))
        #expect(surge.count == 3)
        #expect(surge.threshold == 3)
        #expect(surge.contactIDs == ["a", "b", "c"])
        #expect(surge.windowSeconds == 3600)
        #expect(surge.area.label == "West University")
        let later = try #require(Self.joined(w.record(Self.report("d", 25))))
        #expect(later.id == surge.id)
        #expect(later.count == 4)
        #expect(later.contactIDs.last == "d")
        #expect(Self.joined(w.record(Self.report("e", 30)))?.id == surge.id)
    }

    @Test("reports spread over time, other areas or other categories never reach the threshold")
    func spreadRaisesNone() {
        var w = SurgeWatch(rules: Self.rules)
        // Same area, but each one more than a window after the one two before.
        #expect(w.record(Self.report("a", 0)) == .counted(1))
        #expect(w.record(Self.report("b", 40)) == .counted(2))
        #expect(w.record(Self.report("c", 61)) == .counted(2))
        #expect(w.record(Self.report("d", 101)) == .counted(2))
        // Same moment, other areas and categories.
        #expect(w.record(Self.report("e", 102, area: Self.feldman)) == .counted(1))
        #expect(w.record(Self.report("f", 102, category: "pothole")) == .counted(1))
        #expect(w.record(Self.report("g", 103, category: "graffiti", area: Self.feldman)) == .counted(1))
    }

    @Test("a surge lasts until the count has stayed below the threshold for a whole window; a later burst is a new surge")
    func lastsThenEnds() throws {
        var w = SurgeWatch(rules: Self.rules)
        _ = w.record(Self.report("a", 0))
        _ = w.record(Self.report("b", 1))
        let first = try #require(Self.started(w.record(Self.report("c", 2))))
        // The count falls below 3 at minute 60 ("a" leaves the window); the surge lasts a whole
        // window more, to minute 120: a report at 100 still joins it.
        #expect(Self.joined(w.record(Self.report("d", 100)))?.id == first.id)
        // At 130 it is over: counted with "d" only.
        #expect(w.record(Self.report("e", 130)) == .counted(2))
        let second = try #require(Self.started(w.record(Self.report("f", 131))))
        #expect(second.id != first.id)
        #expect(second.contactIDs == ["d", "e", "f"])
    }

    @Test("a steady stream at the threshold for hours is one surge, alerted once")
    func steadyStreamAlertsOnce() {
        var w = SurgeWatch(rules: Self.rules)
        var starts = 0
        for i in 0..<30 {
            if case .started = w.record(Self.report("s\(i)", Double(i) * 10)) { starts += 1 }
        }
        #expect(starts == 1)
    }

    @Test("a retry of a counted report is not counted twice and starts nothing")
    func retryCountsOnce() {
        var w = SurgeWatch(rules: Self.rules)
        _ = w.record(Self.report("a", 0))
        #expect(w.record(Self.report("b", 1)) == .counted(2))
        #expect(w.record(Self.report("b", 1)) == .counted(2))
        #expect(w.record(Self.report("a", 0)) == .counted(2))
    }

    @Test("a category's own threshold and window; a category switched off is not watched")
    func perCategory() throws {
        var w = SurgeWatch(rules: Self.rules)
        #expect(w.record(Self.report("n1", 0, category: "noise")) == .notWatched)
        #expect(w.record(Self.report("s1", 0, category: "streetlight")) == .counted(1))
        // Eleven minutes later: outside streetlight's ten-minute window.
        #expect(w.record(Self.report("s2", 11, category: "streetlight")) == .counted(1))
        #expect(Self.started(w.record(Self.report("s3", 12, category: "streetlight")))?.count == 2)
    }

    @Test("a peer's report counts but does not start a surge here; a peer's surge id is adopted, so instances agree")
    func peers() throws {
        var w = SurgeWatch(rules: Self.rules)
        w.observe(Self.report("p1", 0), surgeID: nil)
        w.observe(Self.report("p2", 1), surgeID: nil)
        w.observe(Self.report("p3", 2), surgeID: nil)
        // The count reached 3 on a peer's report: the next local one starts the surge.
        let s = try #require(Self.started(w.record(Self.report("l1", 3))))
        #expect(s.count == 4)
        // Its own report coming back from the bus is not counted again.
        w.observe(Self.report("l1", 3), surgeID: s.id)
        #expect(Self.joined(w.record(Self.report("l2", 4)))?.count == 5)

        var other = SurgeWatch(rules: Self.rules)
        other.observe(Self.report("x1", 0, area: Self.feldman), surgeID: "surge:water_leak:peer:1")
        #expect(Self.joined(other.record(Self.report("x2", 1, area: Self.feldman)))?.id == "surge:water_leak:peer:1")
    }

    @Test("two instances that counted the same reports name the surge alike")
    func stableID() throws {
        var a = SurgeWatch(rules: Self.rules), b = SurgeWatch(rules: Self.rules)
        for (i, m) in [0.0, 5, 9].enumerated() {
            _ = a.record(Self.report("r\(i)", m))
            _ = b.record(Self.report("r\(i)", m))
        }
        var idA: String?, idB: String?
        if case .joined(let s) = a.record(Self.report("r3", 10)) { idA = s.id }
        if case .joined(let s) = b.record(Self.report("r3", 10)) { idB = s.id }
        #expect(idA != nil)
        #expect(idA == idB)
    }

    @Test("memory is bounded: reports kept per area and category, and areas watched")
    func bounded() {
        var rules = Self.rules
        rules.defaults = .init(count: 100_000, windowSeconds: 86_400)
        rules.maxKept = 50
        rules.maxWatched = 100
        var w = SurgeWatch(rules: rules)
        for i in 0..<500 {
            _ = w.record(Self.report("one-\(i)", Double(i) / 100))
        }
        #expect(w.record(Self.report("one-last", 6)) == .counted(50))
        for i in 0..<1000 {
            let area = SurgeArea(key: "grid:500:\(i):0", label: "cell \(i)")
            _ = w.record(Self.report("spread-\(i)", 7, area: area))
        }
        #expect(w.watchedCount <= 100)
    }
}
