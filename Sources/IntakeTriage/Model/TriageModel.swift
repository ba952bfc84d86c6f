import Foundation

/// A trained text classifier for triage (see `NaiveBayes`), read-only and `Sendable`. The enrich
/// stage asks it only where the rules found nothing (see `decide(_:rules:)`).
public struct TriageModel: Sendable, Equatable {
    public let categories: [String]
    /// log P(category).
    public let logPriors: [Double]
    /// Every feature seen in training, sorted.
    public let vocabulary: [String]
    /// log P(feature | category): [category][feature], in the order of `vocabulary`.
    public let logLikelihoods: [[Double]]
    /// Training documents per category.
    public let documents: [Int]
    /// Feature occurrences per category.
    public let featureTotals: [Int]
    /// α of the Laplace smoothing.
    public let smoothing: Double
    /// How the features were made (`ModelFeatures.recipe`).
    public let recipe: String
    /// The least posterior at which the model decides a category; below it the rules' answer stands.
    public var threshold: Double
    public static let defaultThreshold = 0.7
    private let index: [String: Int]

    public init(categories: [String], logPriors: [Double], vocabulary: [String], logLikelihoods: [[Double]],
                documents: [Int], featureTotals: [Int], smoothing: Double, recipe: String,
                threshold: Double = TriageModel.defaultThreshold) {
        self.categories = categories
        self.logPriors = logPriors
        self.vocabulary = vocabulary
        self.logLikelihoods = logLikelihoods
        self.documents = documents
        self.featureTotals = featureTotals
        self.smoothing = smoothing
        self.recipe = recipe
        self.threshold = threshold
        var index: [String: Int] = [:]
        index.reserveCapacity(vocabulary.count)
        for (i, w) in vocabulary.enumerated() { index[w] = i }
        self.index = index
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.categories == b.categories && a.logPriors == b.logPriors && a.vocabulary == b.vocabulary
            && a.logLikelihoods == b.logLikelihoods && a.documents == b.documents && a.featureTotals == b.featureTotals
            && a.smoothing == b.smoothing && a.recipe == b.recipe && a.threshold == b.threshold
    }

    /// What the model makes of a text: its best category and how sure it is.
    public struct Prediction: Sendable, Equatable {
        public var category: String
        /// P(category | text) under the model, 0…1.
        public var posterior: Double
        /// log P(category) + Σ log P(feature | category), per category in `categories` order.
        public var scores: [Double]
    }

    public func predict(_ text: String) -> Prediction {
        predict(features: ModelFeatures.of(text))
    }

    public func predict(features: [String]) -> Prediction {
        var scores = logPriors
        for f in features {
            guard let j = index[f] else { continue }
            for c in scores.indices { scores[c] += logLikelihoods[c][j] }
        }
        var best = 0
        for c in scores.indices where scores[c] > scores[best] { best = c }
        // Softmax relative to the best score, which keeps exp() in range.
        let sum = scores.reduce(0) { $0 + exp($1 - scores[best]) }
        return Prediction(category: categories[best], posterior: 1 / sum, scores: scores)
    }
}
