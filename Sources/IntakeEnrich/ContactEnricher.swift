public import IntakeCore

/// What the enrich stage adds to a contact: where it is, what it is, whether it is new.
public protocol ContactEnricher: Sendable {
    func enrich(_ contact: ContactEnvelope) async -> EnrichedContact
    /// Follows what the writer commits (`case/+/event`), to know the open cases.
    func observe(_ event: CaseEvent)
}

extension ContactEnricher {
    public func observe(_ event: CaseEvent) {}
}

/// Adds nothing: every contact is new, unlocated and untriaged. The stage still suppresses exact
/// duplicates around it.
public struct PassThroughEnricher: ContactEnricher {
    public init() {}

    public func enrich(_ contact: ContactEnvelope) async -> EnrichedContact {
        EnrichedContact(contact: contact, dedup: DedupVerdict(verdict: .new))
    }
}
