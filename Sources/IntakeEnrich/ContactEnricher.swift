public import IntakeCore

/// What the enrich stage adds to a contact: where it is, what it is, whether it is new.
public protocol ContactEnricher: Sendable {
    func enrich(_ contact: ContactEnvelope) async -> EnrichedContact
    /// The same, without suspending, when this enricher can (no remote service to ask); nil
    /// when it cannot, and `enrich` must be used.
    func enrichNow(_ contact: ContactEnvelope) -> EnrichedContact?
    /// Follows what the writer commits (`case/+/event`), to know the open cases.
    func observe(_ event: CaseEvent)
}

extension ContactEnricher {
    public func observe(_ event: CaseEvent) {}
    public func enrichNow(_ contact: ContactEnvelope) -> EnrichedContact? { nil }
}
