public import IntakeCore
import IntakeStore

/// A bus message written to the `outbox` table in the transaction of the change that caused it,
/// and published by `OutboxRelay` once that transaction has committed.
public struct OutboxMessage: Sendable, Equatable {
    public var topic: String
    /// UTF-8 JSON, as every message of the bus.
    public var payload: [UInt8]
    public var traceparent: String?

    public init(topic: String, payload: [UInt8], traceparent: String? = nil) {
        self.topic = topic
        self.payload = payload
        self.traceparent = traceparent
    }

    public init(topic: String, json value: some JSONWritable, trace: TraceParent? = nil) {
        self.init(topic: topic, payload: IntakeJSON.encode(value), traceparent: trace?.description)
    }

    /// One statement that inserts every message, in order (one round trip, whatever their number).
    public static func insert(_ messages: [OutboxMessage]) -> (sql: String, parameters: [String?]) {
        var rows = ColumnArrays(["n": "integer", "topic": "text", "payload": "text", "traceparent": "text"])
        for (n, m) in messages.enumerated() {
            rows.append([String(n), m.topic, String(decoding: m.payload, as: UTF8.self), m.traceparent])
        }
        // Ids follow the messages' order: the relay publishes in id order.
        return ("""
            INSERT INTO outbox (topic, payload, traceparent)
            SELECT x.topic, convert_to(x.payload, 'UTF8'), x.traceparent FROM \(rows.unnest()) ORDER BY x.n
            """, rows.parameters)
    }
}
