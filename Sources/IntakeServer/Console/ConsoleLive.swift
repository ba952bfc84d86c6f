import Foundation
import IntakeBus
import IntakeCore
import Logging

/// The live view's feed: what crosses the bus (contacts, case events, escalations and their
/// acknowledgements and re-alerts), as server-sent events for every open console page. Only
/// summaries go out: ids, channels, kinds, never a resident's words or number.
///
/// The feed's topics are subscribed only while a page is open: with nobody watching, the console
/// would otherwise receive and read every contact and case event of the city for nothing.
final class ConsoleLive: Sendable {
    private struct Watchers {
        var listeners: [UUID: AsyncStream<String>.Continuation] = [:]
        /// The subscription of the first page, which later pages wait for too.
        var subscribing: Task<Void, Never>?
    }

    private let watchers = Locked(Watchers())
    let topics: TopicTree
    let bus: MQTTClient
    let logger: Logger

    init(topics: TopicTree, bus: MQTTClient, logger: Logger) {
        self.topics = topics
        self.bus = bus
        self.logger = logger
    }

    /// The filters the console's bus connection subscribes to for the feed.
    var filters: [String] { Self.filters(topics) }

    static func filters(_ topics: TopicTree) -> [String] {
        [topics.allContacts, topics.allCaseEvents, "\(topics.escalation)/#", topics.surgeAlert]
    }

    /// A new listener's events, each a complete `event:`/`data:` block. Returns once the feed's
    /// topics are subscribed, so that what is published afterwards reaches the page.
    func events() async -> AsyncStream<String> {
        let id = UUID()
        let (stream, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(256))
        continuation.onTermination = { [weak self] _ in self?.leave(id) }
        let ready = watchers.withLock { w -> Task<Void, Never> in
            w.listeners[id] = continuation
            if let t = w.subscribing { return t }
            let t = Task { [bus, filters, logger] in
                for f in filters {
                    do { try await bus.subscribeAcknowledged(f, qos: 0) } catch {
                        logger.warning("live view: subscription to \(f) not confirmed: \(error)")
                    }
                }
            }
            w.subscribing = t
            return t
        }
        await ready.value
        // A first comment, so that the browser's EventSource opens at once.
        continuation.yield(": live\n\n")
        return stream
    }

    /// The last page gone: the feed's topics are given up.
    private func leave(_ id: UUID) {
        let last = watchers.withLock { w -> Bool in
            guard w.listeners.removeValue(forKey: id) != nil, w.listeners.isEmpty else { return false }
            w.subscribing = nil
            return true
        }
        if last { for f in filters { bus.unsubscribe(f) } }
    }

    var listenerCount: Int { watchers.withLock { $0.listeners.count } }

    func handle(_ message: BusMessage) {
        let listeners = watchers.withLock { Array($0.listeners.values) }
        guard !listeners.isEmpty else { return }
        guard let (event, fields) = Self.summary(topic: message.topic, payload: message.payload, prefix: topics.prefix) else { return }
        var w = JSONWriter(capacity: 128)
        w.object { w in for (k, v) in fields { w.field(k, v) } }
        let block = "event: \(event)\ndata: \(String(decoding: w.bytes, as: UTF8.self))\n\n"
        for c in listeners { c.yield(block) }
    }

    static func summary(topic: String, payload: [UInt8], prefix: String) -> (String, [(StaticString, String?)])? {
        let levels = topic.dropFirst(prefix.count + 1).split(separator: "/").map(String.init)
        guard let first = levels.first else { return nil }
        switch (first, levels.count) {
        case ("contact", 2):
            let c = try? IntakeJSON.decode(ContactEnvelope.self, from: payload)
            return ("contact", [("id", c?.id), ("channel", levels[1]), ("at", c.map { RFC3339.string(from: $0.receivedAt) })])
        case ("case", 3):
            var kind: String?
            if case .object(let o)? = try? JSONReader.parse(payload) { kind = o["kind"]?.stringValue ?? o["type"]?.stringValue }
            return ("case", [("ref", levels[1]), ("kind", kind)])
        case ("alert", 2) where levels[1] == "surge":
            return ConsoleSurges.summary(payload)
        case ("escalation", 1):
            guard let e = try? IntakeJSON.decode(Escalation.self, from: payload) else { return nil }
            return ("escalation", [("id", e.id), ("channel", e.channel), ("reason", e.reason), ("tier", e.tier?.rawValue)])
        case ("escalation", 3) where levels[2] == "ack" || levels[2] == "alert":
            return (levels[2] == "ack" ? "ack" : "alert", [("id", levels[1])])
        default:
            return nil
        }
    }

    /// The acknowledgement a dispatcher gives from the console: `escalation/{id}/ack`, which the
    /// escalation desk honours (`via: console`).
    static func acknowledgement(id: String, by user: String, at: Date = Date()) -> [UInt8] {
        var w = JSONWriter(capacity: 160)
        w.object { w in
            w.field("schema", "intake.escalation-ack/1")
            w.field("id", id)
            w.field("by", user)
            w.field("at", at)
            w.field("via", "console")
        }
        return w.bytes
    }
}
