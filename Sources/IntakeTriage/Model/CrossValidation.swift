/// k-fold cross-validation of the naive Bayes trainer: each fold is judged by a model trained on
/// the other folds. Folds are stratified (each category spread evenly over them) and shuffled with
/// a fixed seed, so that a file gives the same figures on every run.
public enum CrossValidation {
    /// The fold (0..<k) of each label, in order: each category's rows shuffled, then dealt round
    /// the folds, the deal going on from one category to the next so that fold sizes differ by at most one.
    public static func folds(labels: [String], k: Int, seed: UInt64 = 311) -> [Int] {
        precondition(k >= 2, "cross-validation needs at least two folds")
        var rng = SeededGenerator(seed: seed)
        var byCategory: [String: [Int]] = [:]
        for (i, l) in labels.enumerated() { byCategory[l, default: []].append(i) }
        var fold = [Int](repeating: 0, count: labels.count)
        var next = 0
        for category in byCategory.keys.sorted() {
            for i in byCategory[category]!.shuffled(using: &rng) {
                fold[i] = next
                next = (next + 1) % k
            }
        }
        return fold
    }

    /// Trains on k−1 folds and predicts the k-th, k times; `progress` hears each finished fold.
    public static func run(_ documents: [NaiveBayes.Document], k: Int, seed: UInt64 = 311, smoothing: Double = 1,
                           progress: (Int) -> Void = { _ in }) -> CategoryScores {
        let fold = folds(labels: documents.map(\.category), k: k, seed: seed)
        var scores = CategoryScores()
        for f in 0..<k {
            let training = documents.indices.filter { fold[$0] != f }.map { documents[$0] }
            let model = NaiveBayes.train(training, smoothing: smoothing)
            for i in documents.indices where fold[i] == f {
                scores.record(truth: documents[i].category, judged: model.predict(features: documents[i].features).category)
            }
            progress(f + 1)
        }
        return scores
    }
}

/// Per-category counts of a classifier's judgements against the truth.
public struct CategoryScores: Sendable, Equatable {
    public private(set) var support: [String: Int] = [:]
    public private(set) var judged: [String: Int] = [:]
    public private(set) var right: [String: Int] = [:]
    public private(set) var total = 0

    public init() {}

    public mutating func record(truth: String, judged j: String) {
        support[truth, default: 0] += 1
        judged[j, default: 0] += 1
        if truth == j { right[truth, default: 0] += 1 }
        total += 1
    }

    public var categories: [String] { Set(support.keys).union(judged.keys).sorted() }
    public var correct: Int { right.values.reduce(0, +) }
    public var accuracy: Double? { total == 0 ? nil : Double(correct) / Double(total) }
    /// nil when the category was never judged.
    public func precision(_ c: String) -> Double? {
        let j = judged[c] ?? 0
        return j == 0 ? nil : Double(right[c] ?? 0) / Double(j)
    }
    /// nil when no row has the category.
    public func recall(_ c: String) -> Double? {
        let s = support[c] ?? 0
        return s == 0 ? nil : Double(right[c] ?? 0) / Double(s)
    }

    /// The table `intake triage train` prints.
    public func report() -> String {
        func percent(_ v: Double?) -> String { v.map { String(format: "%.1f %%", $0 * 100) } ?? "-" }
        func pad(_ s: String, _ w: Int) -> String { String(repeating: " ", count: max(0, w - s.count)) + s }
        let width = max(20, (categories.map(\.count).max() ?? 0) + 2)
        var lines = ["category".padding(toLength: width, withPad: " ", startingAt: 0) + "support  judged  right  precision  recall"]
        for c in categories {
            lines.append(c.padding(toLength: width, withPad: " ", startingAt: 0) + pad("\(support[c] ?? 0)", 7) + pad("\(judged[c] ?? 0)", 8)
                + pad("\(right[c] ?? 0)", 7) + pad(percent(precision(c)), 11) + pad(percent(recall(c)), 8))
        }
        lines.append("accuracy: \(correct) / \(total) = \(percent(accuracy))")
        return lines.joined(separator: "\n")
    }
}
