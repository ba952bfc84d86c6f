import IntakeCore
import Testing
@testable import intake_eval

@Suite struct TriageTallyTests {
    static func message(_ id: String, _ lang: String, _ category: String, _ tier: LabelledMessage.Tier, note: String = "") -> LabelledMessage {
        LabelledMessage(id: id, lang: lang, text: "text \(id)", category: category, emergency: tier, note: note)
    }

    @Test func emergencyRatesPerGroup() {
        var t = TriageTally(defaultCategory: "other")
        t.record(Self.message("1", "en", "other", .emergency), TriageJudgement(category: "other", emergency: true))
        t.record(Self.message("2", "es", "other", .emergency), TriageJudgement(category: "other", emergency: false))
        t.record(Self.message("3", "en", "other", .possible), TriageJudgement(category: "other", emergency: false, possibleEmergency: true))
        t.record(Self.message("4", "en", "other", .possible), TriageJudgement(category: "other", emergency: false))
        t.record(Self.message("5", "en", "water_leak", .none, note: "look-alike: fire hydrant"), TriageJudgement(category: "water_leak", emergency: true))
        t.record(Self.message("6", "es", "pothole", .none), TriageJudgement(category: "pothole", emergency: false))

        let all = t.emergencies["all"]!
        #expect(all.emergencyRecall == Rate(hits: 1, total: 2))
        #expect(all.possibleRecall == Rate(hits: 1, total: 2))
        #expect(all.falseAlarms == Rate(hits: 1, total: 2))
        #expect(t.emergencies["look-alikes"]! == EmergencyTally(falseAlarms: Rate(hits: 1, total: 1)))
        #expect(t.emergencies["en"]!.emergencyRecall == Rate(hits: 1, total: 1))
        #expect(t.emergencies["es"]!.emergencyRecall == Rate(hits: 0, total: 1))
        #expect(t.emergencies["es"]!.falseAlarms == Rate(hits: 0, total: 1))
        #expect(t.missedEmergencies.map(\.message.id) == ["2"])
        #expect(t.falseAlarms.map(\.message.id) == ["5"])
    }

    @Test func silentlyFiledUnderTheDefaultUnlessLeftForReview() {
        var t = TriageTally(defaultCategory: "other")
        t.record(Self.message("1", "en", "parking", .none), TriageJudgement(category: "other", emergency: false))
        t.record(Self.message("2", "en", "noise", .none), TriageJudgement(category: "other", emergency: false))
        t.record(Self.message("3", "en", "noise", .none), TriageJudgement(category: "noise", emergency: false))
        t.record(Self.message("4", "en", "other", .none), TriageJudgement(category: "other", emergency: false))
        #expect(t.silentlyDefault == Rate(hits: 2, total: 3))
        #expect(!t.resultHasReview)
        #expect(t.review == Rate(hits: 0, total: 4))
        #expect(t.misses["parking"]?.map(\.message.id) == ["1"])
        #expect(t.misses["noise"]?.map(\.message.id) == ["2"])

        // A result that says it needs review is counted there, not as silent.
        t.record(Self.message("5", "en", "pothole", .none), TriageJudgement(category: "other", emergency: false, needsReview: true))
        #expect(t.resultHasReview)
        #expect(t.review == Rate(hits: 1, total: 5))
        #expect(t.silentlyDefault == Rate(hits: 2, total: 4))
    }

    @Test func theTriageResultsReviewStateAndTierAreRead() {
        let j = TriageJudgement(TriageResult(category: "pothole", priority: .emergency, emergency: true, matched: ["bache"]))
        #expect(j == TriageJudgement(category: "pothole", emergency: true, possibleEmergency: false, needsReview: false))
        #expect(j.flagged)
        let unsure = TriageJudgement(TriageResult(category: "other", priority: .high, emergencyTier: .possible, needsReview: true))
        #expect(unsure == TriageJudgement(category: "other", emergency: false, possibleEmergency: true, needsReview: true))
        #expect(unsure.flagged)
    }
}

/// A triage result of the shape the rework may give, to check the fields are found by name.
private struct ReviewedResult {
    enum Tier { case emergency, possible, none }
    var category: String
    var needsReview: Bool
    var candidates: [String]?
    var emergencyTier: Tier
}

@Suite struct ReviewSignalTests {
    @Test func fieldsAreCountedOnceTheResultHasThem() {
        let unsure = ReviewedResult(category: "other", needsReview: false, candidates: ["pothole", "streetlight"], emergencyTier: .possible)
        #expect(TriageJudgement.reviewSignals(of: unsure) == (possibleEmergency: true, needsReview: true))
        let sure = ReviewedResult(category: "pothole", needsReview: false, candidates: ["pothole"], emergencyTier: .none)
        #expect(TriageJudgement.reviewSignals(of: sure) == (possibleEmergency: false, needsReview: false))
        let flagged = ReviewedResult(category: "other", needsReview: true, candidates: nil, emergencyTier: .emergency)
        #expect(TriageJudgement.reviewSignals(of: flagged) == (possibleEmergency: false, needsReview: true))
    }
}
