public import IntakeBus
public import IntakeCore
public import Foundation
import Logging

/// A bus client for assertions: it connects as one of the stack's users, subscribes, and keeps
/// every message it receives.
public final class BusProbe: Sendable {
    public let client: MQTTClient
    private let received = Locked<[BusMessage]>([])
    private let tasks = Locked<[Task<Void, Never>]>([])

    /// `role` is a stack user: `intake`, `intake-adapters`, `intake-enrich`, `intake-writer`, `operator`.
    /// With `sessionExpirySeconds`, the broker keeps the probe's subscriptions, and queues what
    /// arrives for them, while the probe is away (even across a broker restart).
    public init(_ stack: TestStack, role: String = "operator", clientID: String = "probe-\(UUID().uuidString.prefix(8))",
                sessionExpirySeconds: UInt32? = nil) throws {
        let env = try ConfigFile.read(path: "\(stack.directory)/stack.env")
        let key = role == "intake" ? "INTAKE_MQTT_URL" : "INTAKE_MQTT_URL_\(role.replacingOccurrences(of: "intake-", with: "").uppercased())"
        guard let url = env[key] else { throw TestSetupError("no \(key) in stack.env") }
        var logger = Logger(label: "probe")
        logger.logLevel = .error
        client = MQTTClient(configuration: .init(endpoint: try MQTTEndpoint(url: url), clientID: clientID,
                                                 backoff: ReconnectBackoff(initial: .milliseconds(50), maximum: .milliseconds(500)),
                                                 sessionExpirySeconds: sessionExpirySeconds),
                            logger: logger)
    }

    /// Starts the client, subscribes to `filters`, and returns once connected.
    public func start(subscribing filters: [String] = []) async throws {
        for f in filters { try client.subscribe(f, qos: 1) }
        let run = Task { _ = try? await self.client.run() }
        let collect = Task {
            for await m in self.client.messages { self.received.withLock { $0.append(m) } }
        }
        tasks.withLock { $0 += [run, collect] }
        try await withTimeout(.seconds(30)) { try await self.client.waitUntilConnected() }
        // Let the SUBSCRIBE reach the broker before the test publishes.
        try await Task.sleep(for: .milliseconds(100))
    }

    public var messages: [BusMessage] { received.withLock { $0 } }

    public func messages(on prefix: String) -> [BusMessage] {
        messages.filter { $0.topic.hasPrefix(prefix) }
    }

    /// Waits until `predicate` holds for what has been received.
    @discardableResult
    public func waitFor(timeout: Duration = .seconds(20), _ what: String = "messages",
                        _ predicate: ([BusMessage]) -> Bool) async throws -> [BusMessage] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let m = messages
            if predicate(m) { return m }
            try await Task.sleep(for: .milliseconds(25))
        }
        throw TestSetupError("no \(what) within \(timeout); got topics \(messages.map(\.topic))")
    }

    public func stop() async {
        await client.shutdown()
        for t in tasks.withLock({ $0 }) { t.cancel() }
    }
}
