import Foundation
import IntakeCore
public import IntakeBus
public import IntakeStore
public import Logging
import Metrics
public import ServiceLifecycle
import Synchronization

/// Publishes what the `outbox` table holds: the case events and residents' notices written in the
/// transaction of the change that caused them. Nothing is lost between the database and the bus:
/// a row is deleted only once the broker has acknowledged it, and a broker that is down only
/// delays the rows until it is back.
///
/// In id order, a batch at a time: it reads the oldest rows under a transaction-scoped advisory
/// lock (so that two writer processes do not relay the same rows side by side), publishes them at
/// QoS 1 in order, waits for every PUBACK, then deletes them and commits. It wakes when told a
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
    private let stopping = Mutex(false)
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

    /// One batch: returns how many rows were published and deleted.
    @discardableResult
    func relayOnce() async throws -> Int {
        let limit = configuration.batch
        let rows = try await db.withSession { s -> [(id: String, message: MQTTClient.Outgoing)] in
            do {
                let r = try s.pipeline([
                    ("BEGIN", []),
                    ("""
                     WITH relay AS MATERIALIZED (SELECT pg_try_advisory_xact_lock(311, \(Self.lockKey)) AS mine)
                     SELECT o.id, o.topic, encode(o.payload, 'hex'), o.traceparent
                     FROM outbox o, relay WHERE relay.mine ORDER BY o.id LIMIT \(limit)
                     """, []),
                ])
                let rows = r[1].rows.compactMap { row -> (id: String, message: MQTTClient.Outgoing)? in
                    guard let id = row[0], let topic = row[1], let hex = row[2] else { return nil }
                    return (id, MQTTClient.Outgoing(topic: topic, payload: Self.bytes(hex: hex),
                                                    userProperties: row[3].map { [(TraceParent.propertyName, $0)] } ?? []))
                }
                if rows.isEmpty { try s.execute("COMMIT") }
                return rows
            } catch {
                _ = try? s.execute("ROLLBACK")
                throw error
            }
        }
        guard !rows.isEmpty else { return 0 }
        do {
            try await bus.publishInOrderAcknowledged(rows.map(\.message), timeout: configuration.acknowledgementTimeout)
        } catch {
            _ = try? await db.query("ROLLBACK")
            throw error
        }
        let ids = PostgresArray.literal(rows.map(\.id))
        try await db.withSession { s in
            do {
                _ = try s.pipeline([("DELETE FROM outbox WHERE id = ANY($1::bigint[])", [ids]), ("COMMIT", [])])
            } catch {
                _ = try? s.execute("ROLLBACK")
                throw error
            }
        }
        published.increment(by: rows.count)
        return rows.count
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
