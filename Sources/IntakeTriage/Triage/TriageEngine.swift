public import IntakeCore
import IntakeLocate

/// A text as the rules read it (`TriageEngine.read`).
public struct TriageReading: Sendable {
    let reading: WordReader.Reading
}

/// Classifies a contact's text with the city's rules: category (or the review state when unsure),
/// priority, emergency tier and social-service referral. Built once from `TriageRules` (phrases
/// stemmed and compiled into one trie per language), then read-only and `Sendable`.
public struct TriageEngine: EmergencyScreen {
    public let rules: TriageRules
    let words: WordReader
    /// Texts read lately (shared by every copy of this engine): the adapter's emergency screen,
    /// enrich and the writer read a contact once between them.
    let readings = TriageMemo<String, TriageReading>(capacity: 4096)
    /// Duplicate signatures made lately, by text and place: a contact's, and the open cases the
    /// writer's candidate search returns for report after report at a busy place.
    let signatures = TriageMemo<SignatureKey, TextSignature>(capacity: 20_000)

    public init(rules: TriageRules) throws {
        try rules.validate()
        self.rules = rules
        words = WordReader(rules: rules)
    }

    /// Loads the rules file and compiles it.
    public init(path: String) throws {
        try self.init(rules: TriageRules(path: path))
    }

    public func classify(_ text: String) -> TriageResult {
        classify(read(text))
    }

    /// The words of a text, matched against the rules once: for a caller that both classifies a
    /// text and takes its duplicate signature.
    public func read(_ text: String) -> TriageReading {
        readings.value(for: text) { TriageReading(reading: words.read(text)) }
    }

    public func classify(_ text: TriageReading) -> TriageResult {
        let reading = text.reading
        var scores = [Int](repeating: 0, count: rules.categories.count)
        var tier: TriageResult.EmergencyTier?
        var needs: [Int] = []
        var matched: [String] = []
        for hit in reading.hits {
            switch hit.meaning {
            case .category(let i): scores[i] += hit.length
            case .emergency: tier = .emergency
            case .possible: if tier == nil { tier = .possible }
            case .need(let i): if !needs.contains(i) { needs.append(i) }
            }
            if !matched.contains(hit.phrase) { matched.append(hit.phrase) }
        }

        let ranked = scores.indices.filter { scores[$0] > 0 }.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
        let total = Double(ranked.reduce(0) { $0 + scores[$1] })
        var candidates = ranked.prefix(rules.review.candidates).map {
            TriageResult.Candidate(category: rules.categories[$0].id, score: Double(scores[$0]) / total)
        }
        let best = ranked.first
        var needsReview = best == nil
        if ranked.count > 1, Double(scores[ranked[1]]) >= rules.review.closeRatio * Double(scores[ranked[0]]) {
            needsReview = true
        }
        // Candidates are offered only when a choice is to be made.

        var category = best.map { rules.categories[$0].id } ?? rules.defaultCategory
        var priority = best.flatMap { rules.categories[$0].priority } ?? defaultPriority(of: category)
        var referral: String?
        if !needs.isEmpty {
            referral = rules.referral.to
            if best == nil {
                category = rules.referral.category
                needsReview = false
            }
            priority = max(priority, rules.referral.priority)
        }
        if !needsReview { candidates = [] }
        switch tier {
        case .emergency: priority = .emergency
        case .possible: priority = max(priority, .high)
        case nil: break
        }
        return TriageResult(category: category, priority: priority, referral: referral, matched: matched,
                            emergencyTier: tier, needsReview: needsReview, candidates: candidates)
    }

    /// The emergency tier of a text alone (no category work), with the phrases that raised it:
    /// the one emergency matcher that channels ask before answering a resident.
    public func emergencyTier(of text: String) -> (tier: TriageResult.EmergencyTier, phrases: [String])? {
        var tier: TriageResult.EmergencyTier?
        var phrases: [String] = []
        for hit in read(text).reading.hits {
            switch hit.meaning {
            case .emergency: tier = .emergency
            case .possible: if tier == nil { tier = .possible }
            default: continue
            }
            if !phrases.contains(hit.phrase) { phrases.append(hit.phrase) }
        }
        return tier.map { ($0, phrases) }
    }

    public func emergencyMatch(in text: String) -> EmergencyMatch? {
        emergencyTier(of: text).map { EmergencyMatch(tier: $0.tier, phrases: $0.phrases) }
    }

    private func defaultPriority(of category: String) -> TriageResult.Priority {
        rules.categories.first { $0.id == category }?.priority ?? rules.defaultPriority
    }

    /// The social-service needs the text mentions ("housing", "food", …), for the operator.
    public func needs(in text: String) -> [String] {
        var out: [String] = []
        for hit in read(text).reading.hits {
            if case .need(let i) = hit.meaning, !out.contains(rules.referral.needs[i].id) {
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

    /// Whether reports like this one may be merged with an open case: not emergencies of either
    /// tier, not a person's social-service need, not the catch-all category.
    public func mergesDuplicates(_ t: TriageResult) -> Bool {
        !t.emergency && t.emergencyTier == nil && t.referral == nil && t.category != rules.defaultCategory
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
    public func duplicateQuery(for contact: ContactEnvelope, geo: GeoResult?, triage t: TriageResult?,
                               reading: TriageReading? = nil) -> DuplicateQuery? {
        guard let geo, let t, let lat = geo.lat, let lon = geo.lon, mergesDuplicates(t),
              geo.method != .zipCentroid, geo.method != .unmatched
        else { return nil }
        let place = [contact.location?.text, geo.matched].compactMap { $0 }.joined(separator: " ")
        let signature = signatures.value(for: SignatureKey(text: contact.text, place: place)) {
            duplicateSignature(reading ?? read(contact.text), place: place)
        }
        return DuplicateQuery(category: t.category, point: GeoPoint(lat: lat, lon: lon), at: contact.receivedAt, signature: signature)
    }

    /// What duplicate matching compares of a report: its content words (`DuplicateText`: no
    /// numbers, street names, directions, stop words, nor the words of `place`), stemmed in the
    /// text's language, and the sides of `dedup.contrasts` it names.
    public func duplicateSignature(text: String, place: String?) -> TextSignature {
        signatures.value(for: SignatureKey(text: text, place: place)) { duplicateSignature(read(text), place: place) }
    }

    public func duplicateSignature(_ text: TriageReading, place: String?) -> TextSignature {
        let reading = text.reading
        let placeWords = Set(place.map(TriageTokenizer.words) ?? [])
        let content = DuplicateText.contentWords(reading.tokens.map(\.word), place: placeWords)
        let hashes = content.map { TextSignature.hash(Substring(words.stem($0, language: reading.language))) }
        var sides: [Int] = []
        for (g, group) in rules.dedup.contrasts.enumerated() {
            for (m, word) in group.enumerated() where reading.tokens.contains(where: { $0.word == word }) {
                sides.append(g * 64 + m)
            }
        }
        return TextSignature(hashes: hashes, language: reading.language, sides: sides)
    }
}
