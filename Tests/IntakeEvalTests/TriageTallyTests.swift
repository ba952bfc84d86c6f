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

@Suite struct TriageJudgementTests {
    @Test("the review state and the possible-emergency tier are read from the triage result")
    func readsReviewAndTier() {
        let unsure = TriageResult(category: "other", priority: .high, emergencyTier: .possible, needsReview: true,
                                  candidates: [.init(category: "pothole", score: 0.5), .init(category: "streetlight", score: 0.5)])
        #expect(TriageJudgement(unsure) == TriageJudgement(category: "other", emergency: false, possibleEmergency: true, needsReview: true))
        let sure = TriageResult(category: "pothole", priority: .normal)
        #expect(TriageJudgement(sure) == TriageJudgement(category: "pothole", emergency: false, possibleEmergency: false, needsReview: false))
        let emergency = TriageResult(category: "other", priority: .emergency, emergency: true, emergencyTier: .emergency)
        #expect(TriageJudgement(emergency).flagged)
        #expect(TriageJudgement(emergency).possibleEmergency == false)
    }
}
