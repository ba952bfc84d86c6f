import Foundation
public import IntakeBus
public import IntakeCore
public import IntakeSpool
public import Logging
import Metrics
import Synchronization

/// The delivery promise, kept for one adapter.
///
/// `submit` returns only after the contact is fsync'd in the adapter's spool; only then may the
/// adapter tell its provider "accepted". The contact is then published, and published again until
/// the case writer's receipt for it arrives (`receiptsArrived`), after a restart too. Every stage
/// after this one is idempotent, so publishing twice never makes two cases.
public final class ContactIntake: Sendable {
    /// How the contact fared by the time `submit` returned.
    public struct Submission: Sendable {
        public var outcome: ContactSpool.AppendOutcome
        /// The receipt, when the case committed within the wait; then the resident can be told the
        /// reference at once.
        public var receipt: ReceiptBatch.Receipt?
    }

    public let adapter: String
    public let channel: String
    public let spool: ContactSpool
    let bus: MQTTClient
    let topics: TopicTree
    let acknowledgementWait: Duration
    let redeliveryInterval: Duration
    let logger: Logger
    private let waiters = ReceiptWaiters()
    /// Contacts taken in, for the status heartbeat's contacts per second.
    public let throughput = Throughput()
    /// When each pending contact was last published and how many times.
    private let attempts = Mutex<[String: (last: ContinuousClock.Instant, count: Int)]>([:])
    private let accepted: Counter
    private let republished: Counter
    private let received: Counter
    private let published: Counter
    private let spoolDepthGauge: Gauge
    private let outstandingGauge: Gauge

    public init(adapter: String, channel: String, spool: ContactSpool, bus: MQTTClient, settings: IntakeSettings, logger: Logger) {
        self.adapter = adapter
        self.channel = channel
        self.spool = spool
        self.bus = bus
        self.topics = settings.topics
        self.acknowledgementWait = settings.acknowledgementWait
        self.redeliveryInterval = settings.redeliveryInterval
        var l = logger
        l[metadataKey: "adapter"] = .string(adapter)
        self.logger = l
        accepted = Counter(label: "intake_contacts_accepted_total", dimensions: [("channel", channel)])
        republished = Counter(label: "intake_contacts_republished_total", dimensions: [("channel", channel)])
        received = PipelineMetrics.received(channel: channel)
        published = PipelineMetrics.published(channel: channel)
        spoolDepthGauge = PipelineMetrics.spoolDepth(adapter: adapter)
        outstandingGauge = PipelineMetrics.receiptsOutstanding(adapter: adapter)
    }

    /// Contacts published and still waiting for their receipt.
    public var receiptsOutstanding: Int { attempts.withLock { $0.count } }

    /// Sets the spool-depth and receipts-outstanding gauges from the spool as it is now.
    public func updateGauges() {
        spoolDepthGauge.record(spool.pendingCount)
        outstandingGauge.record(receiptsOutstanding)
    }

    /// Makes the contact durable, publishes it, and waits up to `wait` (default
    /// `INTAKE_ACK_WAIT_MS`) for its receipt.
    public func submit(_ contact: ContactEnvelope, waitingUpTo wait: Duration? = nil) async throws -> Submission {
        // NULs are valid UTF-8 but PostgreSQL refuses them: removed here, for every channel, and
        // recorded in channel_data (see `ContactEnvelope.withoutNULs`).
        let (contact, cleaned) = contact.withoutNULs()
        if !cleaned.isEmpty { logger.notice("removed NUL characters from a contact", metadata: ["fields": "\(cleaned)"]) }
        let payload = IntakeJSON.encode(contact)
        let outcome = try await spool.append(id: contact.id, revision: contact.revision, payload: payload)
        accepted.increment()
        received.increment()
        throughput.add()
        logger.debug("spooled contact", metadata: ["contact": .string(contact.id), "outcome": "\(outcome)"])
        // Registered for the receipt before publishing, so a fast writer cannot beat the waiter.
        let receipt = await waiters.wait(for: contact.id, timeout: wait ?? acknowledgementWait) {
            publish(id: contact.id, payload: payload)
        }
        return Submission(outcome: outcome, receipt: receipt)
    }

    private func publish(id: String, payload: [UInt8]) {
        attempts.withLock { a in
            let previous = a[id]?.count ?? 0
            a[id] = (ContinuousClock.now, previous + 1)
        }
        do {
            try bus.send(topic: topics.contact(channel: channel), payload: payload, qos: 1,
                         userProperties: [(TraceParent.propertyName, TraceParent().description)])
            published.increment()
            updateGauges()
        } catch {
            // Kept in the spool; published again on reconnect or at the next redelivery pass.
            logger.debug("contact not published yet: \(error)", metadata: ["contact": .string(id)])
        }
    }

    /// Handles a receipt message: forgets the stored contacts, answers waiting requests, and
    /// returns those whose resident is still owed the reference.
    public func receiptsArrived(_ batch: ReceiptBatch) -> [(contact: ContactEnvelope, receipt: ReceiptBatch.Receipt)] {
        var owed: [(ContactEnvelope, ReceiptBatch.Receipt)] = []
        var stored: [(id: String, revision: Int)] = []
        for r in batch.receipts {
            // A receipt for an earlier revision leaves a later one pending.
            guard let p = spool.pendingContact(r.contactID), p.revision <= r.revision else { continue }
            stored.append((r.contactID, r.revision))
            // Quarantined: kept by the writer for an operator, in no case. Nothing to tell the
            // resident; a waiting webhook answers without a reference when its wait ends.
            if r.outcome == .quarantined {
                logger.warning("contact quarantined by the writer (the database refused it); not published again",
                               metadata: ["contact": .string(Redacted(r.contactID).description)])
                continue
            }
            if waiters.settle(r.contactID, with: r) { continue }
            // Nobody was told the reference in time; a revision's receipt owes nothing new.
            if r.outcome != .updated, let contact = try? IntakeJSON.decode(ContactEnvelope.self, from: p.payload) {
                owed.append((contact, r))
            }
        }
        spool.acknowledge(stored)
        attempts.withLock { a in for s in stored { a.removeValue(forKey: s.id) } }
        updateGauges()
        return owed
    }

    /// Publishes again every pending contact not published within the redelivery interval (its
    /// interval doubling with each attempt, up to ten minutes), or all of them with `all`.
    public func republish(all: Bool = false) {
        guard bus.connectionState == .connected else { return }
        let now = ContinuousClock.now
        var count = 0
        for p in spool.pending {
            let due = attempts.withLock { a -> Bool in
                guard let last = a[p.id] else { return true }
                let backoff = min(redeliveryInterval * (1 << min(last.count - 1, 6)), .seconds(600))
                return all || now - last.last >= backoff
            }
            if due {
                publish(id: p.id, payload: p.payload)
                count += 1
            }
        }
        if count > 0 {
            republished.increment(by: count)
            logger.info("published \(count) spooled contact(s) again; \(spool.pendingCount) wait for a receipt")
        }
    }
}
