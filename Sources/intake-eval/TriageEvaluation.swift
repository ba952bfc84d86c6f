import ArgumentParser
import Foundation
import IntakeCore
import IntakeTriage

/// Runs every message of the held-out labelled set through the triage the enrich stage uses
/// (`TriageEngine.classify`, as `CityEnricher.enrich` calls it) and reports how its judgement of
/// category and emergency compares with the labels.
struct TriageEvaluation: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "triage",
        abstract: "Category and emergency judgement of the triage rules on the held-out labelled set.")

    @Option(help: "The labelled messages (JSON Lines).") var set = RepositoryFiles.triageEvaluationSet
    @Option(help: "The triage rules file (default: Docker/config/triage-rules.yaml).") var rules: String?
    @Option(help: "A model file from intake triage train: judge with rules + model (as the enrich stage with INTAKE_TRIAGE_MODEL) and compare with the rules alone.")
    var model: String?
    @Option(help: "With --model: the least posterior at which the model decides (default: the model file's own).")
    var threshold: Double?
    @Option(help: "Print up to N misjudged messages per category, and per emergency error (the set's text is written for evaluation).")
    var misses = 0

    func run() throws {
        let setPath = RepositoryFiles.path(set)
        let rulesPath = rules ?? RepositoryFiles.triageRules()
        let messages = try JSONLines.read(LabelledMessage.self, path: setPath)
        let engine = try TriageEngine(path: rulesPath)
        let trained = try model.map { path in
            var m = try TriageModel(path: path)
            if let threshold { m.threshold = threshold }
            return m
        }
        var tally = TriageTally(defaultCategory: engine.rules.defaultCategory)
        var rulesOnly = TriageTally(defaultCategory: engine.rules.defaultCategory)
        var modelDecided = 0, modelRight = 0
        for m in messages {
            let byRules = engine.classify(m.text)
            rulesOnly.record(m, TriageJudgement(byRules))
            guard let trained else {
                tally.record(m, TriageJudgement(byRules))
                continue
            }
            let judged = trained.decide(byRules, text: m.text, rules: engine.rules)
            if judged != byRules {
                modelDecided += 1
                if judged.category == m.category { modelRight += 1 }
            }
            tally.record(m, TriageJudgement(judged))
        }
        let known = Set(engine.rules.categories.map(\.id) + [engine.rules.defaultCategory, engine.rules.referral.category])
        let order = Self.categoryOrder(engine: engine, seen: tally.scorecard.categories)

        print("Triage evaluation — held-out labelled set")
        print("  set:   \(set) (\(messages.count) messages; en \(messages.filter { $0.lang == "en" }.count), es \(messages.filter { $0.lang == "es" }.count))")
        print("  rules: \(rules ?? "Docker/config/triage-rules.yaml") (\(engine.rules.categories.count) categories, default \(engine.rules.defaultCategory))")
        if let model, let trained {
            print("  model: \(model) (\(trained.categories.count) categories, \(trained.vocabulary.count) features, threshold \(trained.threshold)); the figures below are rules + model")
        }
        print("")
        print("  category             support  judged  right  precision  recall")
        for c in order {
            let s = tally.scorecard
            let mark = known.contains(c) ? "" : "  (not a category of the rules: every message is a miss)"
            let counts = String(format: "%7d %7d %6d", s.support(c), s.predicted(c), s.truePositives(c))
            print("  " + c.padding(toLength: 20, withPad: " ", startingAt: 0) + counts
                + Self.right(Rate.percent(s.precision(c)), 11) + Self.right(Rate.percent(s.recall(c)), 8) + mark)
        }
        print("  accuracy: \(tally.scorecard.correct) / \(tally.scorecard.total) = \(Rate.percent(tally.scorecard.accuracy))")
        print("")
        if tally.resultHasReview {
            print("  needs_review: \(tally.review.formatted) of all messages left for a person to choose the category")
        } else {
            print("  needs_review: 0 / \(messages.count) = 0.0 % — the triage result has no review state (no needsReview or")
            print("                candidates field), so nothing is ever left for review; instead:")
        }
        print("  silently filed as \(engine.rules.defaultCategory): \(tally.silentlyDefault.formatted) of the messages labelled other than \(engine.rules.defaultCategory)")
        print("                (judged \(engine.rules.defaultCategory) with no review flag: nobody is told the rules did not understand them)")
        print("")
        print("  emergencies            emergency recall        possible recall         false alarms (none escalated)")
        for g in TriageTally.groups {
            let e = tally.emergencies[g] ?? EmergencyTally()
            print("  \(g.padding(toLength: 20, withPad: " ", startingAt: 0))   \(e.emergencyRecall.formatted.padding(toLength: 22, withPad: " ", startingAt: 0))  \(e.possibleRecall.formatted.padding(toLength: 22, withPad: " ", startingAt: 0))  \(e.falseAlarms.formatted)")
        }
        print("  emergency recall: labelled emergency and escalated; false alarms: labelled none and escalated;")
        if tally.resultHasPossible {
            print("  possible recall: labelled possible and escalated or flagged as a possible emergency.")
        } else {
            print("  possible recall: labelled possible and escalated — the result has no possible-emergency tier yet.")
        }
        if trained != nil {
            print("")
            print("  rules only:    accuracy \(rulesOnly.scorecard.correct) / \(rulesOnly.scorecard.total) = \(Rate.percent(rulesOnly.scorecard.accuracy)); silently filed as \(engine.rules.defaultCategory): \(rulesOnly.silentlyDefault.formatted)")
            print("  rules + model: accuracy \(tally.scorecard.correct) / \(tally.scorecard.total) = \(Rate.percent(tally.scorecard.accuracy)); silently filed as \(engine.rules.defaultCategory): \(tally.silentlyDefault.formatted)")
            print("  the model decided \(modelDecided) messages the rules left as \(engine.rules.defaultCategory); \(modelRight) of them right")
        }
        if misses > 0 { printMisses(tally, order: order) }
    }

    private func printMisses(_ tally: TriageTally, order: [String]) {
        print("")
        print("  Misjudged messages (up to \(misses) per category): id lang → judged [emergency] text")
        for c in order {
            guard let list = tally.misses[c], !list.isEmpty else { continue }
            print("  \(c) (\(list.count) missed)")
            for (m, j) in list.prefix(misses) { print("    " + Self.line(m, j)) }
        }
        print("  missed emergencies (\(tally.missedEmergencies.count))")
        for (m, j) in tally.missedEmergencies.prefix(misses) { print("    " + Self.line(m, j)) }
        print("  false alarms (\(tally.falseAlarms.count))")
        for (m, j) in tally.falseAlarms.prefix(misses) { print("    " + Self.line(m, j)) }
    }

    private static func right(_ s: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - s.count)) + s
    }

    private static func line(_ m: LabelledMessage, _ j: TriageJudgement) -> String {
        "\(m.id) \(m.lang) → \(j.category)\(j.emergency ? " [emergency]" : ""): \(m.text)"
    }

    /// The rules' categories in their order, the referral and default categories, then any label
    /// the rules lack (parking), alphabetically.
    static func categoryOrder(engine: TriageEngine, seen: Set<String>) -> [String] {
        var order: [String] = []
        for c in engine.rules.categories.map(\.id) + [engine.rules.referral.category, engine.rules.defaultCategory]
        where !order.contains(c) { order.append(c) }
        let rest = seen.subtracting(order).sorted()
        // The default last, after the unknown labels, reads as "everything else".
        order.removeAll { $0 == engine.rules.defaultCategory }
        return order + rest + [engine.rules.defaultCategory]
    }
}
