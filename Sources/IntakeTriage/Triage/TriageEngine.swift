public import IntakeCore
import IntakeLocate

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
        var p = rules.dedup
        if let c = rules.categories.first(where: { $0.id == category }) {
            if let radius = c.radiusM { p.radiusM = radius }
            if let days = c.windowDays { p.windowDays = days }
        }
        return p
    }
}

extension TriageEngine {
    /// Who handles a case of `category` at a place in `jurisdiction` (nil: not located).
    public func route(category: String, jurisdiction: String?) -> String? {
        guard let routing = rules.routing else { return nil }
        let department = rules.categories.first { $0.id == category }?.department
        guard let jurisdiction else { return routing.unlocated ?? department }
        if jurisdiction == routing.home { return department ?? routing.home }
        return routing.elsewhere[jurisdiction] ?? jurisdiction
    }

    /// Whether reports like this one may be merged with an open case: not emergencies, not a
    /// person's social-service need, not the catch-all category.
    public func mergesDuplicates(_ t: TriageResult) -> Bool {
        !t.emergency && t.referral == nil && t.category != rules.defaultCategory
    }

    /// The longest duplicate window of any category, for loading open cases.
    public var longestWindowSeconds: Double {
        rules.categories.map { dedupParameters(for: $0.id).windowSeconds }.max() ?? dedupParameters(for: rules.defaultCategory).windowSeconds
    }
}

extension TriageEngine {
    /// The near-duplicate question for a contact, when it has one: a located, mergeable report.
    /// A ZIP centroid is too coarse to say two reports are at the same place. The enrich stage
    /// asks it of its open cases, the writer again of the database's.
    public func duplicateQuery(for contact: ContactEnvelope, geo: GeoResult?, triage t: TriageResult?) -> DuplicateQuery? {
        guard let geo, let t, let lat = geo.lat, let lon = geo.lon, mergesDuplicates(t),
              geo.method != .zipCentroid, geo.method != .unmatched
        else { return nil }
        return DuplicateQuery(category: t.category, point: GeoPoint(lat: lat, lon: lon), at: contact.receivedAt, text: contact.text)
    }
}
