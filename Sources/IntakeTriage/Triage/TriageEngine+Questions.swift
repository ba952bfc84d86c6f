public import IntakeCore

extension TriageEngine {
    /// What the resident could settle about the case their contact opened, in the order to ask:
    /// which problem it is, when triage was unsure between categories it found (never for an
    /// emergency of either tier or a person's need: those go to people at once), and whether the
    /// place is right, when the geocoder kept only a candidate.
    public func residentQuestions(for e: EnrichedContact) -> [ResidentQuestion] {
        var out: [ResidentQuestion] = []
        if let t = e.triage, t.needsReview, t.emergencyTier == nil, !t.emergency, t.referral == nil {
            let options = t.candidates
                .filter { $0.category != rules.defaultCategory }
                .prefix(rules.review.candidates)
                .compactMap { c in
                    rules.categories.first { $0.id == c.category }.map {
                        ResidentQuestion.Option(id: $0.id, label: $0.label(in: e.contact.language))
                    }
                }
            // With no candidate at all the choice is the whole list: too long for a text, a person decides.
            if !options.isEmpty {
                let other = rules.categories.first { $0.id == rules.defaultCategory }?.label(in: e.contact.language) ?? rules.defaultCategory
                out.append(.category(Array(options), other: .init(id: rules.defaultCategory, label: other)))
            }
        }
        if let g = e.geo, g.method == .unmatched || g.method == .zipCentroid, let candidate = g.candidate {
            out.append(.place(candidate))
        }
        return out
    }

    /// Whether `category` is one the resident may choose: a category of the rules.
    public func isCategory(_ category: String) -> Bool {
        rules.categories.contains { $0.id == category } || category == rules.defaultCategory
    }
}

extension TriageEngine {
    /// The triage of an answer in which the resident chose `category`: that category with its
    /// priority, settled (not for review). The answer's own words keep any emergency tier they
    /// raised; an unknown category leaves `read` as it is.
    public func chosen(_ category: String, over read: TriageResult) -> TriageResult {
        guard isCategory(category) else { return read }
        var t = read
        t.category = category
        t.priority = max(rules.categories.first { $0.id == category }?.priority ?? rules.defaultPriority, read.emergencyTier == nil ? .low : read.priority)
        t.needsReview = false
        t.candidates = []
        return t
    }
}
