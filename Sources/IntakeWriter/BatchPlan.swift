public import IntakeCore

/// What the writer will do with each contact of a batch, decided without I/O from what the
/// database already holds. Kept pure so that it is tested on its own.
public struct BatchPlan: Sendable, Equatable {
    public enum Disposition: Sendable, Equatable {
        /// Stored before, at this revision or a later one: only its receipt is sent again.
        case alreadyStored(ref: String, revision: Int)
        /// Stored before at an earlier revision: the stored contact is replaced in place.
        case update(ref: String)
        /// Added to an existing case.
        case link(ref: String)
        /// Opens a new case numbered in `year`; `possibleDuplicateOf` flags an unsure match.
        case create(year: Int, possibleDuplicateOf: String?)
        /// The same contact earlier in this batch; its receipt follows that one's.
        case repeatInBatch(of: Int)
    }

    public var dispositions: [Disposition]

    /// - Parameters:
    ///   - stored: contact id → case ref and revision, for contacts already in the database.
    ///   - existingRefs: which case refs the contacts name (themselves or by dedup) exist.
    ///   - year: the year a new case is numbered in.
    public init(contacts: [EnrichedContact], stored: [String: (ref: String, revision: Int)], existingRefs: Set<String>,
                year: (EnrichedContact) -> Int) {
        var firstIndex: [String: Int] = [:]
        dispositions = contacts.enumerated().map { i, e in
            let id = e.contact.id
            if let first = firstIndex[id] { return .repeatInBatch(of: first) }
            firstIndex[id] = i
            if let s = stored[id] {
                return e.contact.revision > s.revision ? .update(ref: s.ref) : .alreadyStored(ref: s.ref, revision: s.revision)
            }
            // A reference the resident quoted wins over the enrich stage's guess.
            if let named = e.contact.caseRef, existingRefs.contains(named) { return .link(ref: named) }
            let dedupRef = e.dedup.caseRef.flatMap { existingRefs.contains($0) ? $0 : nil }
            switch e.dedup.effectiveVerdict {
            case .linked:
                if let dedupRef { return .link(ref: dedupRef) }
                return .create(year: year(e), possibleDuplicateOf: nil)
            case .possibleDuplicate:
                return .create(year: year(e), possibleDuplicateOf: dedupRef)
            case .new, .exactDuplicate:
                return .create(year: year(e), possibleDuplicateOf: nil)
            }
        }
    }

    /// How many new case numbers each year needs.
    public var newCasesPerYear: [Int: Int] {
        var out: [Int: Int] = [:]
        for case let .create(year, _) in dispositions { out[year, default: 0] += 1 }
        return out
    }

    /// Every case ref the contacts point at, to check which exist.
    public static func namedRefs(_ contacts: [EnrichedContact]) -> Set<String> {
        var refs = Set<String>()
        for e in contacts {
            if let r = e.contact.caseRef { refs.insert(r) }
            if let r = e.dedup.caseRef { refs.insert(r) }
        }
        return refs
    }

    /// Assigns case numbers: `lastValues[year]` is the counter after reserving that year's block.
    public func references(prefix: String, lastValues: [Int: Int]) -> [Int: String] {
        var next: [Int: Int] = [:]
        for (year, count) in newCasesPerYear { next[year] = (lastValues[year] ?? count) - count + 1 }
        var out: [Int: String] = [:]
        for (i, d) in dispositions.enumerated() {
            guard case let .create(year, _) = d, let n = next[year] else { continue }
            out[i] = CaseReference(prefix: prefix, year: year, number: n).description
            next[year] = n + 1
        }
        return out
    }
}
