extension Gazetteer {
    /// The streets a parsed name may mean, best first. Exact core names first; then, only if the
    /// core is unknown, a Spanish type word read as such ("calle congress"); then one-typo names.
    func candidates(for name: StreetName, limit: Int = 8) -> [StreetCandidate] {
        var found: [StreetCandidate] = []
        if let core = coreIDs[name.core] {
            add(core: core, base: 1.0, query: name, into: &found)
        } else {
            var query = name
            let words = name.core.split(separator: " ", maxSplits: 1)
            if words.count == 2, let type = AddressVocabulary.leadingTypes[String(words[0])] {
                query.core = String(words[1])
                if query.suffix == nil { query.suffix = type }
                if let core = coreIDs[query.core] {
                    add(core: core, base: 0.95, query: query, into: &found)
                }
            }
            if found.isEmpty {
                for core in fuzzy.nearby(query.core) {
                    add(core: core, base: 0.85, query: query, into: &found)
                }
            }
        }
        found.sort { $0.score > $1.score }
        if found.count > limit { found.removeLast(found.count - limit) }
        return found
    }

    private func add(core: Int32, base: Double, query: StreetName, into found: inout [StreetCandidate]) {
        for id in coreStreets[Int(core)] {
            let s = streets[Int(id)].name
            var score = base
            score -= Self.partPenalty(query.suffix, s.suffix, mismatch: 0.3, missing: 0.02, extra: 0.05)
            score -= Self.partPenalty(query.preDirection, s.preDirection, mismatch: 0.25, missing: 0.03, extra: 0.05)
            score -= Self.partPenalty(query.postDirection, s.postDirection, mismatch: 0.25, missing: 0.03, extra: 0.05)
            found.append(StreetCandidate(street: id, score: score))
        }
    }

    /// How much a part of the name (type or direction) disagrees: given and different, left out by
    /// the resident, or given though the street has none.
    @inline(__always)
    static func partPenalty(_ query: String?, _ street: String?, mismatch: Double, missing: Double, extra: Double) -> Double {
        switch (query, street) {
        case let (q?, s?): q == s ? 0 : mismatch
        case (nil, _?): missing
        case (_?, nil): extra
        case (nil, nil): 0
        }
    }

    func placeID(_ value: String?) -> Int32? {
        guard let value else { return nil }
        return placeIDs[value]
    }
}
