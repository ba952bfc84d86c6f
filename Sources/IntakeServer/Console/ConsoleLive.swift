import Foundation
import IntakeBus
import IntakeCore

/// The live view's feed: what crosses the bus (contacts, case events, escalations and their
/// acknowledgements and re-alerts), as server-sent events for every open console page. Only
/// summaries go out: ids, channels, kinds, never a resident's words or number.
final class ConsoleLive: Sendable {
    private let listeners = Locked<[UUID: AsyncStream<String>.Continuation]>([:])
    let topics: TopicTree

    init(topics: TopicTree) { self.topics = topics }

    /// The filters the console's bus connection subscribes to for the feed.
    var filters: [String] { [topics.allContacts, topics.allCaseEvents, "\(topics.escalation)/#", topics.surgeAlert] }

    /// A new listener's events, each a complete `event:`/`data:` block.
    func events() -> AsyncStream<String> {
        let id = UUID()
        let (stream, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(256))
        continuation.onTermination = { [weak self] _ in _ = self?.listeners.withLock { $0.removeValue(forKey: id) } }
        listeners.withLock { $0[id] = continuation }
        // A first comment, so that the browser's EventSource opens at once.
        continuation.yield(": live\n\n")
        return stream
    }

    var listenerCount: Int { listeners.withLock { $0.count } }

    func handle(_ message: BusMessage) {
        guard let (event, fields) = Self.summary(topic: message.topic, payload: message.payload, prefix: topics.prefix) else { return }
        var w = JSONWriter(capacity: 128)
        w.object { w in for (k, v) in fields { w.field(k, v) } }
        let block = "event: \(event)\ndata: \(String(decoding: w.bytes, as: UTF8.self))\n\n"
        for c in listeners.withLock({ Array($0.values) }) { c.yield(block) }
    }

    static func summary(topic: String, payload: [UInt8], prefix: String) -> (String, [(StaticString, String?)])? {
        let levels = topic.dropFirst(prefix.count + 1).split(separator: "/").map(String.init)
        guard let first = levels.first else { return nil }
        switch (first, levels.count) {
        case ("contact", 2):
            let c = try? IntakeJSON.decode(ContactEnvelope.self, from: payload)
            return ("contact", [("id", c?.id), ("channel", levels[1]), ("at", c.map { ISO8601DateFormatter().string(from: $0.receivedAt) })])
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
