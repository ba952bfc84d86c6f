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
