extension Gazetteer {
    /// The streets a parsed name may mean, best first. Exact core names first; then, only if the
    /// core is unknown, a Spanish type word read as such ("calle congress"); then one-typo names.
    func candidates(for name: StreetName, model: MatchConfidence, limit: Int = 8) -> [StreetCandidate] {
        var found: [StreetCandidate] = []
        if let core = coreIDs[name.core] {
            add(core: core, how: 0, query: name, model: model, into: &found)
        } else {
            var query = name
            let words = name.core.split(separator: " ", maxSplits: 1)
            if words.count == 2, let type = AddressVocabulary.leadingTypes[String(words[0])] {
                query.core = String(words[1])
                if query.suffix == nil { query.suffix = type }
                if let core = coreIDs[query.core] {
                    add(core: core, how: MatchEvidence.bit(.spanishTypeWord), query: query, model: model, into: &found)
                }
            }
            if found.isEmpty {
                for core in fuzzy.nearby(query.core) {
                    add(core: core, how: MatchEvidence.bit(.fuzzyStreet), query: query, model: model, into: &found)
                }
            }
        }
        found.sort { $0.score > $1.score }
        if found.count > limit { found.removeLast(found.count - limit) }
        return found
    }

    /// `how`: the doubt bits of how the core was found (exactly, through a Spanish type word, or
    /// through a typo).
    private func add(core: Int32, how: UInt32, query: StreetName, model: MatchConfidence, into found: inout [StreetCandidate]) {
        for id in coreStreets[Int(core)] {
            let s = streets[Int(id)].name
            var doubts = how
            doubts |= Self.partDoubt(query.suffix, s.suffix, mismatch: .typeContradicts, missing: .typeMissing, extra: .typeExtra)
            // A direction given before the name may stand after it in the file ("Stone N").
            let queryDirection = query.preDirection ?? query.postDirection
            let streetDirection = s.preDirection ?? s.postDirection
            doubts |= Self.partDoubt(queryDirection, streetDirection, mismatch: .directionContradicts, missing: .directionMissing, extra: .directionExtra)
            var score = model.nameScore(doubts)
            // A contradicted name (typo included) ranks after every uncontradicted one.
            if doubts & ~((1 << UInt32(MatchEvidence.Doubt.fuzzyStreet.rawValue)) - 1) != 0 { score -= 1 }
            found.append(StreetCandidate(street: id, doubts: doubts, score: score))
        }
    }

    /// How a part of the name (type or direction) disagrees: given and different, left out by the
    /// resident, or given though the street has none.
    @inline(__always)
    static func partDoubt(_ query: String?, _ street: String?, mismatch: MatchEvidence.Doubt, missing: MatchEvidence.Doubt,
                          extra: MatchEvidence.Doubt) -> UInt32 {
        switch (query, street) {
        case let (q?, s?): q == s ? 0 : MatchEvidence.bit(mismatch)
        case (nil, _?): MatchEvidence.bit(missing)
        case (_?, nil): MatchEvidence.bit(extra)
        case (nil, nil): 0
        }
    }

    func placeID(_ value: String?) -> Int32? {
        guard let value else { return nil }
        return placeIDs[value]
    }
}
