import Testing
@testable import intake_eval

@Suite struct ScorecardTests {
    /// Nine hand-made judgements: 3 of 4 potholes right (one filed as other), 1 of 2 streetlights
    /// (one taken for a pothole), both others right, and a parking message the rules cannot name.
    static let card: Scorecard = {
        var s = Scorecard()
        for _ in 0..<3 { s.record(label: "pothole", predicted: "pothole") }
        s.record(label: "pothole", predicted: "other")
        s.record(label: "streetlight", predicted: "streetlight")
        s.record(label: "streetlight", predicted: "pothole")
        s.record(label: "other", predicted: "other")
        s.record(label: "other", predicted: "other")
        s.record(label: "parking", predicted: "other")
        return s
    }()

    @Test func precisionAndRecallPerCategory() {
        let s = Self.card
        #expect(s.support("pothole") == 4)
        #expect(s.predicted("pothole") == 4)
        #expect(s.precision("pothole") == 0.75)
        #expect(s.recall("pothole") == 0.75)
        #expect(s.precision("streetlight") == 1.0)
        #expect(s.recall("streetlight") == 0.5)
        #expect(s.predicted("other") == 4)
        #expect(s.precision("other") == 0.5)
        #expect(s.recall("other") == 1.0)
    }

    @Test func aLabelNeverPredictedHasNoPrecisionAndZeroRecall() {
        let s = Self.card
        #expect(s.support("parking") == 1)
        #expect(s.predicted("parking") == 0)
        #expect(s.precision("parking") == nil)
        #expect(s.recall("parking") == 0)
        #expect(s.categories == ["pothole", "streetlight", "other", "parking"])
    }

    @Test func accuracyIsRightOverAll() {
        let s = Self.card
        #expect(s.total == 9)
        #expect(s.correct == 6)
        #expect(s.accuracy == 6.0 / 9.0)
        #expect(Scorecard().accuracy == nil)
    }

    @Test func rateFormatsCountsAndShare() {
        var r = Rate()
        #expect(r.formatted == "n/a (none)")
        r.record(true)
        for _ in 0..<3 { r.record(false) }
        #expect(r.value == 0.25)
        #expect(r.formatted == "1 / 4 = 25.0 %")
        #expect(Rate.percent(nil) == "n/a")
    }

    @Test func pairPrecisionAndRecallOfSame() {
        var t = PairTally()
        t.record(labelledSame: true, .linked)
        t.record(labelledSame: true, .linked)
        t.record(labelledSame: true, .possibleDuplicate)
        t.record(labelledSame: true, .splitByCategory)
        t.record(labelledSame: false, .linked)
        t.record(labelledSame: false, .possibleDuplicate)
        t.record(labelledSame: false, .new)
        t.record(labelledSame: false, .splitByCategory)
        // Linked: 2 right of 3 judged same; 2 of the 4 labelled same found.
        #expect(t.precision(judgedSame: [.linked]) == 2.0 / 3.0)
        #expect(t.recall(judgedSame: [.linked]) == 0.5)
        // Counting possible duplicates as "same": 3 of 5, and 3 of 4.
        #expect(t.precision(judgedSame: [.linked, .possibleDuplicate]) == 0.6)
        #expect(t.recall(judgedSame: [.linked, .possibleDuplicate]) == 0.75)
        #expect(t.count(.splitByCategory) == 2)
        #expect(PairTally().precision(judgedSame: [.linked]) == nil)
    }
}
