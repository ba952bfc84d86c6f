import Foundation

/// Predicted against labelled categories: per-category precision, recall and support, and the
/// overall accuracy. Kept apart from the commands so that its arithmetic is tested.
struct Scorecard: Equatable {
    /// `counts[label][predicted]`: how many messages labelled `label` were judged `predicted`.
    private(set) var counts: [String: [String: Int]] = [:]

    mutating func record(label: String, predicted: String) {
        counts[label, default: [:]][predicted, default: 0] += 1
    }

    var total: Int { counts.values.reduce(0) { $0 + $1.values.reduce(0, +) } }
    var correct: Int { counts.reduce(0) { $0 + ($1.value[$1.key] ?? 0) } }

    /// Share judged right; nil when nothing was recorded.
    var accuracy: Double? { Self.share(correct, total) }

    /// Messages labelled `category`.
    func support(_ category: String) -> Int { counts[category]?.values.reduce(0, +) ?? 0 }

    /// Messages judged `category`, whatever their label.
    func predicted(_ category: String) -> Int { counts.values.reduce(0) { $0 + ($1[category] ?? 0) } }

    func truePositives(_ category: String) -> Int { counts[category]?[category] ?? 0 }

    /// Of the messages judged `category`, the share labelled so; nil when none was judged so.
    func precision(_ category: String) -> Double? { Self.share(truePositives(category), predicted(category)) }

    /// Of the messages labelled `category`, the share judged so; nil when none is labelled so.
    func recall(_ category: String) -> Double? { Self.share(truePositives(category), support(category)) }

    /// Every category seen as a label or a prediction.
    var categories: Set<String> {
        var all = Set(counts.keys)
        for row in counts.values { all.formUnion(row.keys) }
        return all
    }

    static func share(_ part: Int, _ whole: Int) -> Double? {
        whole == 0 ? nil : Double(part) / Double(whole)
    }
}

/// A count out of a total: a recall, a false-alarm rate, a share.
struct Rate: Equatable {
    var hits = 0
    var total = 0

    mutating func record(_ hit: Bool) {
        total += 1
        if hit { hits += 1 }
    }

    var value: Double? { Scorecard.share(hits, total) }

    /// "12 / 40 = 30.0 %", or "n/a (none)" for an empty total.
    var formatted: String {
        guard let v = value else { return "n/a (none)" }
        return "\(hits) / \(total) = " + Self.percent(v)
    }

    static func percent(_ v: Double?) -> String {
        guard let v else { return "n/a" }
        return String(format: "%.1f %%", 100 * v)
    }
}
