import Foundation
import IntakeBus
import IntakeCore
import Logging

/// Watches the bus as an operator would and notes when each contact passes each stage: its
/// contact message (the adapter published it), its enriched message, its case event (the writer
/// committed it).
final class StageObserver: Sendable {
    enum Mark: Int, CaseIterable { case contact, enriched, committed }

    private let client: MQTTClient
    private let seen = Locked<[[String: ContinuousClock.Instant]]>([[:], [:], [:]])
    private let task = Locked<Task<Void, Never>?>(nil)

    init(url: String, run: String) throws {
        var logger = Logger(label: "bench-observer")
        logger.logLevel = .error
        client = MQTTClient(configuration: .init(endpoint: try MQTTEndpoint(url: url), clientID: "bench-observer-\(run)", inboundCapacity: 200_000),
                            logger: logger)
    }

    func start() async throws {
        try client.subscribe("311/v1/contact/+", qos: 1)
        try client.subscribe("311/v1/enriched/+", qos: 1)
        try client.subscribe("311/v1/case/+/event", qos: 1)
        let c = client
        task.withLock {
            $0 = Task {
                await withTaskGroup(of: Void.self) { g in
                    g.addTask { _ = try? await c.run() }
                    g.addTask { await self.collect() }
                }
            }
        }
        try await client.waitUntilConnected()
        try await Task.sleep(for: .milliseconds(200))
    }

    private func collect() async {
        for await m in client.messages {
            let now = ContinuousClock.now
            let mark: Mark
            let key: [UInt8]
            if m.topic.hasSuffix("/event") {
                mark = .committed
                key = Array(#""contact_id":""#.utf8)
            } else {
                mark = m.topic.contains("/enriched/") ? .enriched : .contact
                key = Array(#","id":""#.utf8)
            }
            guard let id = Self.value(after: key, in: m.payload) else { continue }
            seen.withLock { s in
                if s[mark.rawValue][id] == nil { s[mark.rawValue][id] = now }
            }
        }
    }

    /// The JSON string value following `key`, found without decoding the whole message.
    static func value(after key: [UInt8], in bytes: [UInt8]) -> String? {
        guard bytes.count > key.count else { return nil }
        var i = 0
        while i + key.count <= bytes.count {
            if bytes[i] == key[0] && bytes[i..<(i + key.count)].elementsEqual(key) {
                let start = i + key.count
                guard let end = bytes[start...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
                return String(decoding: bytes[start..<end], as: UTF8.self)
            }
            i += 1
        }
        return nil
    }

    func time(_ mark: Mark, _ contactID: String) -> ContinuousClock.Instant? {
        seen.withLock { $0[mark.rawValue][contactID] }
    }

    func stop() async {
        await client.shutdown()
        task.withLock { $0?.cancel() }
    }
}
