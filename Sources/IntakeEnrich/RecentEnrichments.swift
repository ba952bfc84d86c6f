public import IntakeCore

/// What this instance concluded about the contacts it saw last, by contact id.
///
/// A contact seen again (a provider retry, or an adapter publishing again for want of a receipt)
/// is not enriched twice: it gets the same geo and triage, is marked `exact_duplicate`, and raises
/// no second escalation. It still goes on to the writer, whose receipt the adapter is waiting for.
public struct RecentEnrichments: Sendable {
    public struct Entry: Sendable, Equatable {
        public var revision: Int
        public var geo: GeoResult?
        public var triage: TriageResult?
        public var dedup: DedupVerdict
        /// A question stays one when it comes again (else its repeat would open a case).
        public var inquiry: InquiryVerdict?
    }

    private var entries: RecentIDs<Entry>

    public init(capacity: Int = 100_000) {
        entries = RecentIDs(capacity: capacity)
    }

    public mutating func remember(_ e: EnrichedContact) {
        entries.insert(e.contact.id, Entry(revision: e.contact.revision, geo: e.geo, triage: e.triage, dedup: e.dedup,
                                               inquiry: e.inquiry))
    }

    /// The contact as a repeat of one already enriched, or nil if it is new here. A later
    /// revision keeps the first sighting's enrichment and verdict (it amends the same contact);
    /// the same revision again is an exact duplicate.
    public func repeatOf(_ contact: ContactEnvelope) -> EnrichedContact? {
        guard let e = entries[contact.id] else { return nil }
        var dedup = e.dedup
        if contact.revision <= e.revision {
            dedup.firstVerdict = e.dedup.verdict
            dedup.verdict = .exactDuplicate
        }
        return EnrichedContact(contact: contact, geo: e.geo, triage: e.triage, dedup: dedup, inquiry: e.inquiry)
    }
}
