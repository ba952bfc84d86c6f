import Foundation
import IntakeCore
import IntakeTriage
import Testing

@Suite("Triage model: naive Bayes arithmetic")
struct NaiveBayesTests {
    // pothole: "pothole road", "big pothole"; streetlight: "light out".
    // Features: words and neighbouring pairs; vocabulary of 8:
    // big, big pothole, light, light out, out, pothole, pothole road, road.
    static let corpus = [
        TrainingExample(text: "Pothole road", category: "pothole"),
        TrainingExample(text: "big POTHOLE!", category: "pothole"),
        TrainingExample(text: "light out", category: "streetlight"),
    ]
    static let model = NaiveBayes.train(corpus.map(NaiveBayes.Document.init))

    @Test("features are the folded words and each pair of neighbouring words")
    func features() {
        #expect(ModelFeatures.of("Big  POTHOLE, on Main!") == ["big", "pothole", "on", "main", "big pothole", "pothole on", "on main"])
        #expect(ModelFeatures.of("bache") == ["bache"])
        #expect(ModelFeatures.of("") == [])
    }

    @Test("priors, vocabulary and Laplace-smoothed log-likelihoods are exact")
    func tables() throws {
        let m = Self.model
        #expect(m.categories == ["pothole", "streetlight"])
        #expect(m.vocabulary == ["big", "big pothole", "light", "light out", "out", "pothole", "pothole road", "road"])
        #expect(m.documents == [2, 1])
        #expect(m.featureTotals == [6, 3])
        #expect(m.logPriors == [log(2.0 / 3), log(1.0 / 3)])
        let pothole = try #require(m.vocabulary.firstIndex(of: "pothole"))
        let light = try #require(m.vocabulary.firstIndex(of: "light"))
        // (count + 1) / (features of the category + |V|)
        #expect(abs(m.logLikelihoods[0][pothole] - log(3.0 / 14)) < 1e-12)
        #expect(abs(m.logLikelihoods[0][light] - log(1.0 / 14)) < 1e-12)
        #expect(abs(m.logLikelihoods[1][light] - log(2.0 / 11)) < 1e-12)
        #expect(abs(m.logLikelihoods[1][pothole] - log(1.0 / 11)) < 1e-12)
        // Each category's probabilities over the vocabulary sum to 1.
        for c in 0..<2 { #expect(abs(m.logLikelihoods[c].reduce(0) { $0 + exp($1) } - 1) < 1e-12) }
    }

    @Test("a prediction sums log prior and log-likelihoods; the posterior is their normalised exponent")
    func prediction() {
        let p = Self.model.predict("pothole")
        #expect(p.category == "pothole")
        // (2/3)(3/14) = 1/7 against (1/3)(1/11) = 1/33: posterior 33/40.
        #expect(abs(p.posterior - 33.0 / 40) < 1e-12)
        #expect(abs(p.scores[0] - (log(2.0 / 3) + log(3.0 / 14))) < 1e-12)
        let light = Self.model.predict("the light is out")
        #expect(light.category == "streetlight")
        // Unseen words say nothing: only the priors are left.
        let unknown = Self.model.predict("zebra crossing")
        #expect(unknown.category == "pothole")
        #expect(abs(unknown.posterior - 2.0 / 3) < 1e-12)
    }

    @Test("the model decides only where the rules found no category, above its threshold, for a category the rules know")
    func decidesWhereRulesDoNot() throws {
        let engine = RulesFile.engine
        let rules = engine.rules
        let known = try #require(rules.categories.first { $0.id == "pothole" })
        let corpus = (0..<6).map { _ in TrainingExample(text: "qqzx vrrm", category: "pothole") }
            + (0..<6).map { _ in TrainingExample(text: "blorf", category: "streetlight") }
            + [TrainingExample(text: "wuggle", category: "not_a_rules_category")]
        let model = NaiveBayes.train(corpus.map(NaiveBayes.Document.init))

        let byRules = engine.classify("qqzx vrrm")
        #expect(byRules.category == rules.defaultCategory)
        let decided = model.decide(byRules, text: "qqzx vrrm", rules: rules)
        #expect(decided.category == "pothole")
        #expect(decided.priority == (known.priority ?? rules.defaultPriority))
        #expect(decided.matched.count == byRules.matched.count + 1)
        #expect(decided.matched.last?.hasPrefix("model 0.") == true)

        // Where the rules are sure, they decide.
        let confident = engine.classify("there is a pothole on my street")
        #expect(confident.category == "pothole")
        #expect(model.decide(confident, text: "there is a pothole on my street blorf blorf blorf", rules: rules) == confident)

        // Below the threshold the rules' default stands.
        var unsure = model
        unsure.threshold = 0.999_999
        #expect(unsure.decide(byRules, text: "qqzx vrrm", rules: rules) == byRules)

        // A category the rules do not have is not given.
        let alien = engine.classify("wuggle wuggle wuggle")
        #expect(model.predict("wuggle wuggle wuggle").category == "not_a_rules_category")
        #expect(model.decide(alien, text: "wuggle wuggle wuggle", rules: rules) == alien)
    }
}
