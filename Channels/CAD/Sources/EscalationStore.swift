public import Foundation
public import IntakeCore
public import IntakeStore

/// The `escalations` table (migration 7): the desk's durable working set. Every change is one
/// statement, so that desks on several machines share it without stepping on each other.
public struct EscalationStore: Sendable {
    /// An escalation due to go to the sinks, claimed for this desk.
    public struct Due: Sendable {
        public var escalation: Escalation
        public var receivedAt: Date
        /// Deliveries so far, this one included.
        public var alerts: Int
    }

    let db: PostgresConnection

    public init(db: PostgresConnection) {
        self.db = db
    }

    /// Keeps an escalation; false when it was already kept (published twice, one row).
    public func insert(_ e: Escalation) async throws -> Bool {
        let payload = String(decoding: IntakeJSON.encode(e), as: UTF8.self)
        let r = try await db.query("INSERT INTO escalations (id, payload) VALUES ($1, $2::jsonb) ON CONFLICT (id) DO NOTHING",
                                   [e.id, payload])
        return r.affected == 1
    }

    /// Claims every unacknowledged escalation never sent, or last sent `interval` ago or more,
    /// counting this delivery. `SKIP LOCKED`: two desks never claim the same one at once.
    public func claimDue(interval: Duration) async throws -> [Due] {
        let seconds = Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18
        let r = try await db.query("""
            UPDATE escalations SET alerts = alerts + 1, last_alert_at = now()
            WHERE id IN (SELECT id FROM escalations
                         WHERE acknowledged_at IS NULL
                           AND (last_alert_at IS NULL OR last_alert_at <= now() - make_interval(secs => $1::float8))
                         ORDER BY received_at LIMIT 100 FOR UPDATE SKIP LOCKED)
            RETURNING payload::text AS payload, extract(epoch FROM received_at)::float8::text AS received, alerts
            """, [String(seconds)])
        var due: [Due] = []
        for i in 0..<r.count {
            guard let payload = r[i, "payload"], let e = try? IntakeJSON.decode(Escalation.self, from: Array(payload.utf8)) else { continue }
            let received = Double(r[i, "received"] ?? "") ?? Date().timeIntervalSince1970
            due.append(Due(escalation: e, receivedAt: Date(timeIntervalSince1970: received), alerts: Int(r[i, "alerts"] ?? "") ?? 1))
        }
        return due
    }

    /// A sink confirmed delivery (the first time counts).
    public func markDelivered(id: String) async throws {
        try await db.query("UPDATE escalations SET delivered_at = coalesce(delivered_at, now()) WHERE id = $1", [id])
    }

    /// Records the acknowledgement; false when it was already acknowledged or is unknown.
    @discardableResult
    public func acknowledge(_ ack: EscalationAck) async throws -> Bool {
        let r = try await db.query("""
            UPDATE escalations SET acknowledged_at = $2::timestamptz, acknowledged_by = $3
            WHERE id = $1 AND acknowledged_at IS NULL
            """, [ack.id, RFC3339.string(from: ack.at), "\(ack.via.rawValue): \(ack.by)"])
        return r.affected == 1
    }

    public func isAcknowledged(id: String) async throws -> Bool {
        try await db.query("SELECT 1 FROM escalations WHERE id = $1 AND acknowledged_at IS NOT NULL", [id]).count == 1
    }

    public func unacknowledgedCount() async throws -> Int {
        Int(try await db.query("SELECT count(*)::text AS n FROM escalations WHERE acknowledged_at IS NULL")[0, "n"] ?? "0") ?? 0
    }
}
