import Foundation
import IntakeCore
public import IntakeBus
public import IntakeStore
public import Logging
import Metrics
public import ServiceLifecycle

/// Publishes what the `outbox` table holds: the case events and residents' notices written in the
/// transaction of the change that caused them. Nothing is lost between the database and the bus:
/// a row is deleted only once the broker has acknowledged it, and a broker that is down only
/// delays the rows until it is back.
///
/// In id order, a batch at a time: while it holds a session advisory lock (so that two writer
/// processes do not relay the same rows side by side), it reads the oldest rows, publishes them at
/// QoS 1 in order, waits for every PUBACK, and deletes them with its next read (one round trip
/// per batch; on shutdown at once). It wakes when told a
/// commit added rows (`wake()`), when its bus connection comes back, and every `pollInterval`.
/// A failure leaves the rows for the next pass, so a message may be published twice, never lost:
/// the receivers are idempotent (a reply's id is stable, a case event repeats what is stored).
public final class OutboxRelay: Service, Sendable {
    public struct Configuration: Sendable {
        /// Most rows published in one pass. Default 500.
        public var batch: Int
        /// How often to look without being woken. Default 1 s.
        public var pollInterval: Duration
        /// Longest wait for the broker's PUBACKs of one batch. Default 10 s.
        public var acknowledgementTimeout: Duration

        public init(batch: Int = 500, pollInterval: Duration = .seconds(1), acknowledgementTimeout: Duration = .seconds(10)) {
            self.batch = batch
            self.pollInterval = pollInterval
            self.acknowledgementTimeout = acknowledgementTimeout
        }
    }

    /// The advisory lock key (with 311 as the first half) that makes one relay at a time publish.
    static let lockKey = 6

    let db: PostgresConnection
    /// The relay's own bus connection (its state shows in `/health`).
    public let bus: MQTTClient
    let configuration: Configuration
    let logger: Logger
    private let signal = WakeSignal()
    private let stopping = Locked(false)
    /// Rows the broker has acknowledged, deleted with the next read.
    private let pendingDeletes = Locked<[String]>([])
    /// The backend that holds the relay lock, once this relay has it.
    private let leaderPID = Locked<Int32?>(nil)
    private let published = Counter(label: "intake_outbox_published_total")
    private let failures = Counter(label: "intake_outbox_failures_total")

    /// `bus` is the relay's own connection, which it runs and closes; `db` its own connection,
    /// which holds a transaction while a batch is on its way.
    public init(db: PostgresConnection, bus: MQTTClient, configuration: Configuration = .init(), logger: Logger) {
        self.db = db
        self.bus = bus
        self.configuration = configuration
        var l = logger
        l[metadataKey: "stage"] = "outbox"
        self.logger = l
    }

    /// A transaction that wrote to the outbox has committed.
    public func wake() {
        signal.wake()
    }

    public func run() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await self.bus.run() }
            group.addTask {
                // A broker that comes back is worth a look at once.
                for await state in self.bus.connectionChanges() {
                    if state == .connected { self.signal.wake() }
                    if state == .stopped { break }
                }
            }
            await withGracefulShutdownHandler {
                await self.relayUntilStopped()
            } onGracefulShutdown: {
                self.stopping.withLock { $0 = true }
                self.signal.wake()
            }
            // The stages before it have drained: what they committed last goes out now if it can.
            if bus.connectionState == .connected {
                while (try? await relayOnce()) ?? 0 > 0 {}
            }
            await deleteAcknowledged()
            await bus.shutdown()
            await db.close()
        }
    }

    private func relayUntilStopped() async {
        while !stopping.withLock({ $0 }) {
            var full = false
            if bus.connectionState == .connected {
                do {
                    full = try await relayOnce() == configuration.batch
                } catch {
                    failures.increment()
                    logger.warning("outbox not relayed, will retry: \(error)")
                }
            }
            if !full { await signal.wait(upTo: configuration.pollInterval) }
        }
    }

    /// One batch: returns how many rows were published. One round trip to PostgreSQL, whatever
    /// the batch: it deletes the rows the last batch had acknowledged, makes sure this relay holds
    /// the lock, and reads the next rows.
    @discardableResult
    func relayOnce() async throws -> Int {
        let limit = configuration.batch
        let acknowledged = pendingDeletes.withLock { $0 }
        let leader = leaderPID.withLock { $0 }
        let (rows, pid) = try await db.withSession { s -> ([(id: String, message: MQTTClient.Outgoing)], Int32?) in
            var statements: [(sql: String, parameters: [String?])] = []
            if !acknowledged.isEmpty {
                statements.append(("DELETE FROM outbox WHERE id = ANY($1::bigint[])", [PostgresArray.literal(acknowledged)]))
            }
            // A session lock, taken once per connection (a reset connection has another pid and
            // takes it again): one relay at a time reads and publishes, so rows go out in id order.
            statements.append(("""
                SELECT pg_backend_pid() AS pid,
                       CASE WHEN pg_backend_pid() = $1::int THEN true ELSE pg_try_advisory_lock(311, \(Self.lockKey)) END AS mine
                """, [leader.map { String($0) } ?? "0"]))
            statements.append(("""
                SELECT id, topic, encode(payload, 'hex'), traceparent FROM outbox ORDER BY id LIMIT \(limit)
                """, []))
            let r = try s.pipeline(statements)
            let lock = r[r.count - 2]
            guard lock[0, "mine"] == "t", let pid = lock[0, "pid"].flatMap(Int32.init) else { return ([], nil) }
            let rows = r[r.count - 1].rows.compactMap { row -> (id: String, message: MQTTClient.Outgoing)? in
                guard let id = row[0], let topic = row[1], let hex = row[2] else { return nil }
                return (id, MQTTClient.Outgoing(topic: topic, payload: Self.bytes(hex: hex),
                                                userProperties: row[3].map { [(TraceParent.propertyName, $0)] } ?? []))
            }
            return (rows, pid)
        }
        if !acknowledged.isEmpty { pendingDeletes.withLock { $0.removeFirst(acknowledged.count) } }
        leaderPID.withLock { $0 = pid }
        guard !rows.isEmpty else { return 0 }
        try await bus.publishInOrderAcknowledged(rows.map(\.message), timeout: configuration.acknowledgementTimeout)
        // Deleted with the next batch's read (at the latest at the next poll, or on shutdown): a
        // relay that dies first publishes them again, which the receivers take as a repeat.
        pendingDeletes.withLock { $0 += rows.map(\.id) }
        published.increment(by: rows.count)
        return rows.count
    }

    /// Deletes what was acknowledged and not yet deleted (on shutdown).
    func deleteAcknowledged() async {
        let acknowledged = pendingDeletes.withLock { $0 }
        guard !acknowledged.isEmpty else { return }
        do {
            try await db.query("DELETE FROM outbox WHERE id = ANY($1::bigint[])", [PostgresArray.literal(acknowledged)])
            pendingDeletes.withLock { $0.removeFirst(acknowledged.count) }
        } catch {
            logger.warning("\(acknowledged.count) relayed outbox rows not deleted (they will be published again): \(error)")
        }
    }

    static func bytes(hex: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(hex.utf8.count / 2)
        var high: UInt8?
        for c in hex.utf8 {
            let v: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): v = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): v = c - UInt8(ascii: "A") + 10
            default: continue
            }
            if let h = high {
                out.append(h << 4 | v)
                high = nil
            } else {
                high = v
            }
        }
        return out
    }
}
