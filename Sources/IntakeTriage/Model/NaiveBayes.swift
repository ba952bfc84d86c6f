import Foundation

/// Multinomial naive Bayes with Laplace (add-α) smoothing over `ModelFeatures`:
/// P(c) = documents of c / documents; P(f | c) = (count(f, c) + α) / (features of c + α·|V|),
/// where V is every feature seen in training. Features never seen in training are left out when
/// predicting, as they say nothing about any category.
public enum NaiveBayes {
    /// A training text already turned into features, so that cross-validation extracts them once.
    public struct Document: Sendable {
        public var features: [String]
        public var category: String
        public init(features: [String], category: String) {
            self.features = features
            self.category = category
        }
        public init(_ example: TrainingExample) {
            self.init(features: ModelFeatures.of(example.text), category: example.category)
        }
    }

    public static func train(_ documents: some Collection<Document>, smoothing alpha: Double = 1) -> TriageModel {
        // Categories and vocabulary in a fixed order (sorted), so that one file trains one model.
        let categories = Array(Set(documents.map(\.category))).sorted()
        let categoryIndex = Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1, $0) })
        var vocabulary = Set<String>()
        for d in documents { vocabulary.formUnion(d.features) }
        let words = vocabulary.sorted()
        let wordIndex = Dictionary(uniqueKeysWithValues: words.enumerated().map { ($1, $0) })

        var counts = [[Int]](repeating: [Int](repeating: 0, count: words.count), count: categories.count)
        var docs = [Int](repeating: 0, count: categories.count)
        var totals = [Int](repeating: 0, count: categories.count)
        for d in documents {
            let c = categoryIndex[d.category]!
            docs[c] += 1
            totals[c] += d.features.count
            for f in d.features { counts[c][wordIndex[f]!] += 1 }
        }
        let n = Double(documents.count)
        let priors = docs.map { log(Double($0) / n) }
        let likelihoods = counts.indices.map { c in
            let denominator = log(Double(totals[c]) + alpha * Double(words.count))
            return counts[c].map { log(Double($0) + alpha) - denominator }
        }
        return TriageModel(categories: categories, logPriors: priors, vocabulary: words, logLikelihoods: likelihoods,
                           documents: docs, featureTotals: totals, smoothing: alpha, recipe: ModelFeatures.recipe)
    }
}
