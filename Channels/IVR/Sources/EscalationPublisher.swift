import Foundation
public import IntakeBus
public import IntakeCore
import Synchronization

/// Puts escalations on the bus and waits for the broker's PUBACK, so that "published" means the
/// broker has it; the caller keeps the escalation (in the call's state file) until then.
public struct EscalationPublisher: Sendable {
    let bus: MQTTClient
    let topic: String

    public init(bus: MQTTClient, topics: TopicTree) {
        self.bus = bus
        self.topic = topics.escalation
    }

    /// Publishes and waits for the PUBACK, at most `timeout`.
    ///
    /// A PUBACK lost with a connection is never answered, and the wait for it cannot be cancelled,
    /// so the timeout answers without waiting for it: the retry loop and a graceful shutdown never
    /// hang on one (the abandoned wait ends when the client stops).
    public func publish(_ escalation: Escalation, timeout: Duration = .seconds(5)) async throws {
        let payload = try IntakeJSON.encode(escalation)
        let bus = self.bus
        let topic = self.topic
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
            let pending = Mutex<CheckedContinuation<Void, any Error>?>(c)
            let finish: @Sendable (Result<Void, any Error>) -> Void = { result in
                let first = pending.withLock { p -> CheckedContinuation<Void, any Error>? in
                    defer { p = nil }
                    return p
                }
                first?.resume(with: result)
            }
            Task {
                do {
                    try await bus.publish(topic: topic, payload: payload, qos: 1,
                                          userProperties: [(TraceParent.propertyName, TraceParent().description)])
                    finish(.success(()))
                } catch {
                    finish(.failure(error))
                }
            }
            Task {
                try? await Task.sleep(for: timeout)
                finish(.failure(BusError.timedOut))
            }
        }
    }

    public var isConnected: Bool { bus.connectionState == .connected }

    /// Every change of the bus connection, the current state first.
    public func reconnections() -> AsyncStream<MQTTClient.ConnectionState> { bus.connectionChanges() }
}
