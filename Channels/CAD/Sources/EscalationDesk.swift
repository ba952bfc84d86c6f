import Foundation
public import IntakeBus
public import IntakeCore
public import Logging
import Metrics
public import ServiceLifecycle

/// Keeps every escalation until a person at the 911 centre acknowledges it.
///
/// It hears `escalation` (a shared subscription, so one desk of several takes each), keeps it in
/// the `escalations` table, and gives it to every sink (CAD webhook, duty supervisor SMS). While
/// unacknowledged it is given again every `INTAKE_ESCALATION_REALERT_SECONDS`, announced on
/// `escalation/{id}/alert`. Acknowledgements come from the CAD's answer, and from
/// `escalation/{id}/ack` (the 911 API route, the console). Runs with the writer stage: it writes
/// with the writer's database role.
public final class EscalationDesk: Service {
    public static let component = "escalation-desk"

    public let bus: MQTTClient
    let store: EscalationStore
    let sinks: [any EscalationSink]
    let topics: TopicTree
    let realert: Duration
    let logger: Logger
    private let unacknowledged = Gauge(label: "intake_escalations_unacknowledged")
    private let deliveries = Counter(label: "intake_escalation_deliveries_total")
    /// The count last read from the table, for the process's status heartbeat.
    private let lastUnacknowledged = Locked(0)

    public init(bus: MQTTClient, store: EscalationStore, sinks: [any EscalationSink], topics: TopicTree, realert: Duration, logger: Logger) {
        self.bus = bus
        self.store = store
        self.sinks = sinks
        self.topics = topics
        self.realert = realert
        self.logger = logger
    }

    /// The sinks the settings name.
    public static func sinks(_ settings: EscalationDeskSettings) -> [any EscalationSink] {
        settings.sinks.compactMap { name -> (any EscalationSink)? in
            switch name {
            case .cad:
                guard let url = settings.cadURL, let key = settings.cadSigningKey else { return nil }
                return CADWebhookSink(url: url, key: key)
            case .sms:
                guard let twilio = settings.twilio, let to = settings.supervisorNumber else { return nil }
                return SupervisorSMSSink(twilio: twilio, to: to, from: settings.supervisorFrom)
            }
        }
    }

    public func run() async throws {
        let filters = [TopicTree.shared(group: Self.component, topics.escalation),
                       TopicTree.shared(group: Self.component, topics.allEscalationAcks)]
        for f in filters { try bus.subscribe(f, qos: 1) }
        logger.info("escalation desk: sinks \(sinks.map(\.name).joined(separator: ", ")), re-alert after \(realert)")
        let (wakes, waker) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        try await bus.serve(unsubscribingOnShutdown: filters) {
            await withDiscardingTaskGroup { group in
                group.addTask { await self.dispatch(wakes) }
                group.addTask {
                    // Re-alerts fall due with time alone; a few ticks per interval keep them on time.
                    let tick = min(Duration.milliseconds(500), self.realert / 4)
                    while !Task.isCancelled {
                        try? await Task.sleep(for: tick)
                        waker.yield()
                    }
                }
                while let batch = await self.bus.messages.nextBatch(max: 100) {
                    for m in batch { await self.handle(m) }
                    waker.yield()
                }
                waker.finish()
                group.cancelAll()
            }
        }
    }

    func handle(_ m: BusMessage) async {
        if m.topic == topics.escalation {
            guard let e = try? IntakeJSON.decode(Escalation.self, from: m.payload) else {
                logger.error("escalation desk: unreadable escalation on \(m.topic)")
                return
            }
            await withRetry("keep escalation \(e.id)") {
                if try await self.store.insert(e) {
                    self.logger.notice("escalation desk: \(e.review ? "possible emergency" : "emergency") \(e.id) from \(e.channel)")
                }
            }
        } else if m.topic.hasSuffix("/ack") {
            guard let ack = try? IntakeJSON.decode(EscalationAck.self, from: m.payload) else {
                logger.error("escalation desk: unreadable acknowledgement on \(m.topic)")
                return
            }
            await withRetry("acknowledge \(ack.id)") {
                if try await self.store.acknowledge(ack) {
                    self.logger.notice("escalation \(ack.id) acknowledged by \(ack.by) via \(ack.via.rawValue)")
                }
            }
        }
    }

    /// On every wake (a message, a tick): claims what is due and delivers it, each escalation in
    /// its own task so that a slow sink holds up no other.
    func dispatch(_ wakes: AsyncStream<Void>) async {
        await withDiscardingTaskGroup { group in
            for await _ in wakes {
                do {
                    for due in try await store.claimDue(interval: realert) {
                        group.addTask { await self.deliver(due) }
                    }
                    let count = try await store.unacknowledgedCount()
                    unacknowledged.record(count)
                    lastUnacknowledged.withLock { $0 = count }
                } catch {
                    logger.warning("escalation desk: database not reachable (\(error)); trying again")
                }
            }
            group.cancelAll()
        }
    }

    func deliver(_ due: EscalationStore.Due) async {
        let e = due.escalation
        let alert = EscalationAlert(id: e.id, alerts: due.alerts, receivedAt: due.receivedAt, at: Date(), escalation: e)
        if due.alerts > 1 {
            logger.warning("escalation \(e.id) still unacknowledged: alert \(due.alerts)")
            try? bus.sendJSON(alert, topic: topics.escalationAlert(id: e.id))
        }
        let deadline = ContinuousClock.now + realert
        await withDiscardingTaskGroup { group in
            for sink in sinks {
                group.addTask {
                    let outcome = await sink.deliver(alert, until: deadline)
                    await self.record(outcome, sink: sink.name, escalation: e.id)
                }
            }
        }
    }

    func record(_ outcome: SinkOutcome, sink: String, escalation id: String) async {
        switch outcome {
        case .failed(let why):
            logger.error("escalation \(id) not delivered to \(sink): \(why); it is sent again at the next alert")
        case .delivered(let by):
            deliveries.increment()
            logger.info("escalation \(id) delivered to \(sink)")
            try? await store.markDelivered(id: id)
            guard let by else { return }
            let ack = EscalationAck(id: id, by: by, at: Date(), via: .cad)
            await withRetry("acknowledge \(id)") { _ = try await self.store.acknowledge(ack) }
            // Others (the console's live view) learn of it from the bus.
            try? bus.sendJSON(ack, topic: topics.escalationAck(id: id))
        }
    }

    /// The database may be restarting: a few tries with backoff before giving up on a message.
    private func withRetry(_ what: String, _ body: @Sendable () async throws -> Void) async {
        var wait = Duration.milliseconds(100)
        for attempt in 1...6 {
            do {
                try await body()
                return
            } catch {
                if attempt == 6 { logger.error("escalation desk: could not \(what): \(error)") }
                try? await Task.sleep(for: wait)
                wait *= 2
            }
        }
    }
}

extension EscalationDesk: EscalationBacklog {
    /// As of the desk's last wake (a message or a tick), so that `intake status` costs no query.
    public func unacknowledgedCount() async -> Int { lastUnacknowledged.withLock { $0 } }
}
