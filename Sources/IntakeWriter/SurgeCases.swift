public import IntakeCore

/// One case per surge: every contact the enrich stage marked with a surge (`EnrichedContact.surge`)
/// is filed on the surge's case. The first of a surge to reach the writer decides that case (the
/// case it opens, or the open case it was linked to as a near-duplicate); the `surges` table
/// (migration 10) keeps it, under a lock on the surge's id, for every later contact. Pure, so that
/// it is tested without a database.
public enum SurgeCases {
    /// The case a surge is filed on, once decided in this batch.
    public enum Target: Sendable, Equatable {
        case existing(ref: String)
        /// The case opened for the batch's contact at this index.
        case batch(of: Int)
    }

    public struct Resolution: Sendable, Equatable {
        public var dispositions: [BatchPlan.Disposition]
        /// Surges whose case this batch decides: to insert into `surges`.
        public var newSurges: [String: Target]
    }

    /// - Parameters:
    ///   - surgeCases: surge id → its case, for surges whose (still open) case is stored already.
    public static func resolve(_ dispositions: [BatchPlan.Disposition], contacts: [EnrichedContact],
                               surgeCases: [String: String]) -> Resolution {
        var out = dispositions
        var decided: [String: Target] = [:]
        var newSurges: [String: Target] = [:]
        for (id, ref) in surgeCases { decided[id] = .existing(ref: ref) }
        for i in dispositions.indices {
            guard let surge = contacts[i].surge?.id, contacts[i].contact.caseRef == nil else { continue }
            switch dispositions[i] {
            case .alreadyStored, .update, .repeatInBatch:
                continue
            case .create, .link, .linkToBatch:
                break
            }
            if let target = decided[surge] {
                switch target {
                case .existing(let ref): out[i] = .link(ref: ref)
                case .batch(let j): out[i] = .linkToBatch(of: j)
                }
                continue
            }
            let target: Target
            switch dispositions[i] {
            case .link(let ref): target = .existing(ref: ref)
            case .linkToBatch(let j): target = .batch(of: j)
            default: target = .batch(of: i)
            }
            decided[surge] = target
            newSurges[surge] = target
        }
        // A near-duplicate linked to a case this batch was to open, whose contact now joins a
        // surge's case instead, follows it there.
        for i in out.indices {
            guard case .linkToBatch(let j) = out[i], let moved = followed(out, j) else { continue }
            out[i] = moved
        }
        for (surge, target) in newSurges {
            guard case .batch(let j) = target, let moved = followed(out, j) else { continue }
            switch moved {
            case .link(let ref): newSurges[surge] = .existing(ref: ref)
            case .linkToBatch(let k): newSurges[surge] = .batch(of: k)
            default: break
            }
        }
        return Resolution(dispositions: out, newSurges: newSurges)
    }

    /// Where a link to the case of batch contact `j` goes when `j` no longer opens one.
    private static func followed(_ d: [BatchPlan.Disposition], _ j: Int) -> BatchPlan.Disposition? {
        switch d[j] {
        case .create: nil
        case .link(let ref): .link(ref: ref)
        case .linkToBatch(let k): .linkToBatch(of: k)
        case .alreadyStored(let ref, _), .update(let ref): .link(ref: ref)
        case .repeatInBatch: nil
        }
    }

    /// The surge ids a batch names.
    public static func ids(_ contacts: [EnrichedContact]) -> [String] {
        Array(Set(contacts.compactMap { $0.contact.caseRef == nil ? $0.surge?.id : nil })).sorted()
    }
}
