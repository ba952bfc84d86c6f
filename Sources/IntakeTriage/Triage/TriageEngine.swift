public import IntakeCore

/// Classifies a contact's text with the city's rules: category, priority, emergency flag and
/// social-service referral. Built once from `TriageRules` (phrases compiled into one trie), then
/// read-only and `Sendable`.
public struct TriageEngine: Sendable {
    public let rules: TriageRules
    private let matcher: PhraseMatcher
    /// Payload → what it stands for.
    private let meanings: [Meaning]
    private let phraseText: [String]

    private enum Meaning: Sendable {
        case category(Int)
        case emergency
        case ignore
        case need(Int)
    }

    public init(rules: TriageRules) throws {
        try rules.validate()
        self.rules = rules
        var matcher = PhraseMatcher()
        var meanings: [Meaning] = []
        var texts: [String] = []
        func add(_ phrases: some Sequence<String>, _ meaning: Meaning) {
            for phrase in phrases {
                let payload = Int32(meanings.count)
                if matcher.add(phrase, payload: payload) {
                    meanings.append(meaning)
                    texts.append(phrase)
                }
            }
        }
        for (i, c) in rules.categories.enumerated() {
            add(c.phrases.keys.sorted().flatMap { c.phrases[$0]! }, .category(i))
        }
        add(rules.emergency.phrases.keys.sorted().flatMap { rules.emergency.phrases[$0]! }, .emergency)
        add(rules.emergency.ignore, .ignore)
        for (i, n) in rules.referral.needs.enumerated() {
            add(n.phrases.keys.sorted().flatMap { n.phrases[$0]! }, .need(i))
        }
        self.matcher = matcher
        self.meanings = meanings
        self.phraseText = texts
    }

    /// Loads the rules file and compiles it.
    public init(path: String) throws {
        try self.init(rules: TriageRules(path: path))
    }

    public func classify(_ text: String) -> TriageResult {
        let words = FoldedTokens.of(text)
        let hits = matcher.hits(in: words)
        let ignored = hits.filter { if case .ignore = meanings[Int($0.payload)] { true } else { false } }

        var scores = [Int](repeating: 0, count: rules.categories.count)
        var emergency = false
        var needs: [Int] = []
        var matched: [String] = []
        for hit in hits {
            switch meanings[Int(hit.payload)] {
            case .category(let i):
                scores[i] += hit.length
            case .emergency:
                if ignored.contains(where: { $0.start <= hit.start && $0.end >= hit.end }) { continue }
                emergency = true
            case .need(let i):
                if !needs.contains(i) { needs.append(i) }
            case .ignore:
                continue
            }
            let phrase = phraseText[Int(hit.payload)]
            if !matched.contains(phrase) { matched.append(phrase) }
        }

        var best: Int?
        for i in scores.indices where scores[i] > 0 {
            if best == nil || scores[i] > scores[best!] { best = i }
        }
        var category = best.map { rules.categories[$0].id } ?? rules.defaultCategory
        var priority = best.flatMap { rules.categories[$0].priority } ?? defaultPriority(of: category)
        var referral: String?
        if !needs.isEmpty {
            referral = rules.referral.to
            if best == nil { category = rules.referral.category }
            priority = max(priority, rules.referral.priority)
        }
        if emergency { priority = .emergency }
        return TriageResult(category: category, priority: priority, emergency: emergency, referral: referral, matched: matched)
    }

    private func defaultPriority(of category: String) -> TriageResult.Priority {
        rules.categories.first { $0.id == category }?.priority ?? rules.defaultPriority
    }

    /// The social-service needs the text mentions ("housing", "food", …), for the operator.
    public func needs(in text: String) -> [String] {
        var out: [String] = []
        for hit in matcher.hits(in: FoldedTokens.of(text)) {
            if case .need(let i) = meanings[Int(hit.payload)], !out.contains(rules.referral.needs[i].id) {
                out.append(rules.referral.needs[i].id)
            }
        }
        return out
    }

    /// Duplicate-matching parameters of a category: its own radius and window, else the defaults.
    public func dedupParameters(for category: String) -> DedupParameters {
        let d = rules.dedup
        let c = rules.categories.first { $0.id == category }
        return DedupParameters(
            radiusM: c?.radiusM ?? d.radiusM, windowSeconds: (c?.windowDays ?? d.windowDays) * 86_400,
            confidentSimilarity: d.confidentSimilarity, unsureSimilarity: d.unsureSimilarity,
            textWeight: d.textWeight, emptyTextSimilarity: d.emptyTextSimilarity)
    }
}
