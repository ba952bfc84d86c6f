import Foundation
public import IntakeBus
public import IntakeCore

/// Puts escalations on the bus and waits for the broker's PUBACK, so that "published" means the
/// broker has it; the caller keeps the escalation (in the call's state file) until then.
public struct EscalationPublisher: Sendable {
    let bus: MQTTClient
    let topic: String

    public init(bus: MQTTClient, topics: TopicTree) {
        self.bus = bus
        self.topic = topics.escalation
    }

    public func publish(_ escalation: Escalation, timeout: Duration = .seconds(5)) async throws {
        let payload = try IntakeJSON.encode(escalation)
        let bus = self.bus
        let topic = self.topic
        try await withTimeout(timeout) {
            try await bus.publish(topic: topic, payload: payload, qos: 1,
                                  userProperties: [(TraceParent.propertyName, TraceParent().description)])
        }
    }

    public var isConnected: Bool { bus.connectionState == .connected }

    /// Every time the bus connects again.
    public func reconnections() -> AsyncStream<MQTTClient.ConnectionState> { bus.connectionChanges() }
}
