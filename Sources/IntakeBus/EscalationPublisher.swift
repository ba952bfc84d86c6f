public import IntakeCore

/// Puts escalations on `escalation` and waits for the broker's PUBACK, so that "published" means
/// the broker has it; until then the caller keeps the escalation (the IVR in the call's state
/// file, the enrich stage by not passing the contact on) and tries again.
public struct EscalationPublisher: Sendable {
    let bus: MQTTClient
    let topic: String

    public init(bus: MQTTClient, topics: TopicTree) {
        self.bus = bus
        self.topic = topics.escalation
    }

    /// Publishes and waits for the PUBACK, at most `timeout` (see `MQTTClient.publishAcknowledged`).
    public func publish(_ escalation: Escalation, trace: TraceParent = TraceParent(), timeout: Duration = .seconds(5)) async throws {
        try await bus.publishAcknowledged(topic: topic, payload: IntakeJSON.encode(escalation),
                                          userProperties: [(TraceParent.propertyName, trace.description)], timeout: timeout)
    }

    public var isConnected: Bool { bus.connectionState == .connected }

    /// Every change of the bus connection, the current state first.
    public func reconnections() -> AsyncStream<MQTTClient.ConnectionState> { bus.connectionChanges() }
}
