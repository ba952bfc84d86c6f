import Foundation
public import Hummingbird
public import IntakeBus
public import IntakeCore
public import IntakeSpool
public import Logging
import Metrics

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
    public let pacing: RepublishPacing
    /// How long a publish may wait for the broker's PUBACK before the contact counts as not in
    /// flight any more (a PUBACK lost with its connection never comes).
    let publishTimeout: Duration
    let logger: Logger
    private let waiters = ReceiptWaiters()
    /// Contacts per minute per sender (`INTAKE_SENDER_RATE_PER_MINUTE`), for channels that call `admit`.
    let perSender: RateLimiter
    /// What a 503 says to wait, in seconds (`INTAKE_RETRY_AFTER_SECONDS`).
    public let retryAfterSeconds: Int
    /// Contacts taken in, for the status heartbeat's contacts per second.
    public let throughput = Throughput()

    /// A pending contact's publishing: when last and how many times, and whether the broker has
    /// yet to acknowledge the last publish (then it is not published again).
    private struct Publishing {
        var last: ContinuousClock.Instant
        var count: Int
        var inFlight: Bool
    }
    private let publishing = Locked<[String: Publishing]>([:])
    /// Contacts last published before this instant are due again at once, whatever their backoff
    /// (set on a reconnect and when a case writer comes back); the budget still paces them.
    private let dueBefore = Locked<ContinuousClock.Instant?>(nil)
    /// Contacts whose webhook answer already gave the case reference: a later receipt for one of
    /// them (the same contact published twice and stored once, receipted twice) owes nothing.
    private let toldInAnswer = Locked(RecentIDs<Bool>(capacity: 50_000))
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
        self.pacing = RepublishPacing(settings: settings)
        self.publishTimeout = max(settings.redeliveryInterval, .seconds(5))
        perSender = RateLimiter(perMinute: settings.limits.senderRatePerMinute, burst: settings.limits.senderRatePerMinute)
        retryAfterSeconds = settings.limits.retryAfterSeconds
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
    public var receiptsOutstanding: Int { publishing.withLock { $0.count } }

    /// Contacts whose last publish the broker has not acknowledged yet.
    public var publishesInFlight: Int { publishing.withLock { $0.values.count { $0.inFlight } } }

    /// Sets the spool-depth and receipts-outstanding gauges from the spool as it is now.
    public func updateGauges() {
        spoolDepthGauge.record(spool.pendingCount)
        outstandingGauge.record(receiptsOutstanding)
    }

    /// Refuses a contact its sender may not send now: 429 with `Retry-After` once the sender's
    /// per-minute allowance is spent. A contact already accepted (a provider's retry of one still
    /// waiting for its receipt) is always let through, so nothing accepted is ever refused.
    public func admit(_ contact: ContactEnvelope) throws(HTTPError) {
        guard let sender = contact.sender.address, !sender.isEmpty else { return }
        if spool.pendingContact(contact.id) != nil { return }
        if let seconds = spendAllowance(of: "\(contact.sender.kind):\(sender)") {
            throw HTTPError(.tooManyRequests, headers: [.retryAfter: String(seconds)],
                            message: "too many messages from this sender; retry in \(seconds) s")
        }
    }

    /// Takes one contact from a sender's per-minute allowance (`INTAKE_SENDER_RATE_PER_MINUTE`),
    /// for channels that cannot answer 429 (a call, a mailbox): nil when allowed, else the seconds
    /// until the sender may send again (counted as `rate_limited`). `key` names the sender, for
    /// example `phone:+15205550100`.
    public func spendAllowance(of key: String) -> Int? {
        if perSender.allow(key) { return nil }
        Counter(label: "intake_channel_rejected_total", dimensions: [("channel", channel), ("reason", "rate_limited")]).increment()
        return perSender.retryAfter(key)
    }

    /// The answer for a contact `submit` could not make durable: 503 with `Retry-After` (a full
    /// spool or disk recovers without a restart; the provider tries again).
    public func unavailable(_ error: any Error) -> HTTPError {
        let reason = (error as? SpoolError).map(\.description) ?? "the contact could not be stored"
        return HTTPError(.serviceUnavailable, headers: [.retryAfter: String(retryAfterSeconds)],
                         message: "\(reason); please retry")
    }

    /// Makes the contact durable, publishes it, and waits up to `wait` (default
    /// `INTAKE_ACK_WAIT_MS`) for its receipt.
    public func submit(_ contact: ContactEnvelope, waitingUpTo wait: Duration? = nil) async throws -> Submission {
        // NULs are valid UTF-8 but PostgreSQL refuses them: removed here, for every channel, and
        // recorded in channel_data (see `ContactEnvelope.withoutNULs`).
        let (contact, cleaned) = contact.withoutNULs()
        if !cleaned.isEmpty { logger.notice("removed NUL characters from a contact", metadata: ["fields": "\(cleaned)"]) }
        let payload = IntakeJSON.encode(contact)
        // Claimed before it is spooled, so that a republishing pass cannot publish it meanwhile
        // (a second copy in flight, and a receipt that could come before the waiter below).
        let wasInFlight = claim(contact.id)
        let outcome: ContactSpool.AppendOutcome
        do {
            outcome = try await spool.append(id: contact.id, revision: contact.revision, payload: payload)
        } catch {
            if !wasInFlight { unclaim(contact.id) }
            throw error
        }
        accepted.increment()
        received.increment()
        throughput.add()
        logger.debug("spooled contact", metadata: ["contact": .string(contact.id), "outcome": "\(outcome)"])
        // A provider's retry while the first copy is still on its way to the broker is not
        // published again; a new revision is.
        let publishNow = !wasInFlight || outcome == .spooled
        // Registered for the receipt before publishing, so a fast writer cannot beat the waiter.
        let receipt = await waiters.wait(for: contact.id, timeout: wait ?? acknowledgementWait) {
            if publishNow { publish(id: contact.id, payload: payload) }
        }
        if receipt != nil { toldInAnswer.withLock { _ = $0.insert(contact.id, true) } }
        return Submission(outcome: outcome, receipt: receipt)
    }

    /// Marks the contact in flight. Returns whether it already was.
    private func claim(_ id: String, now: ContinuousClock.Instant = .now) -> Bool {
        publishing.withLock { a in
            if let p = a[id], p.inFlight { return true }
            a[id, default: Publishing(last: now, count: 0, inFlight: true)].inFlight = true
            return false
        }
    }

    private func unclaim(_ id: String) {
        publishing.withLock { a in
            if a[id]?.count == 0 { a.removeValue(forKey: id) } else { a[id]?.inFlight = false }
        }
    }

    /// Publishes a claimed contact and keeps it in flight until the broker's PUBACK (or a failure).
    private func publish(id: String, payload: [UInt8]) {
        publishing.withLock { a in
            guard a[id] != nil else { return }
            a[id]!.last = .now
            a[id]!.count += 1
        }
        // No task waits for the PUBACK: the bus calls back on its network thread.
        bus.publishAcknowledged(topic: topics.contact(channel: channel), payload: payload,
                                userProperties: [(TraceParent.propertyName, TraceParent().description)],
                                timeout: publishTimeout) { [self] result in
            switch result {
            case .success: published.increment()
            // Kept in the spool; published again on reconnect or at a later republishing pass.
            case .failure(let error): logger.debug("contact not published yet: \(error)", metadata: ["contact": .string(id)])
            }
            // The pacing window starts when the broker has it (or gave up on it).
            publishing.withLock { a in
                guard a[id] != nil else { return }
                a[id]!.inFlight = false
                a[id]!.last = .now
            }
            updateGauges()
        }
    }

    /// Handles a receipt message: forgets the stored contacts, answers waiting requests, and
    /// returns those whose resident is still owed the reference.
    ///
    /// `answered` gets the contacts whose waiting request took the reference (it is in the
    /// provider's answer), so that the caller can record that their reference is not owed.
    public func receiptsArrived(_ batch: ReceiptBatch, answered: inout [String]) -> [(contact: ContactEnvelope, receipt: ReceiptBatch.Receipt)] {
        var owed: [(ContactEnvelope, ReceiptBatch.Receipt)] = []
        var stored: [(id: String, revision: Int)] = []
        var seen = Set<String>()
        for r in batch.receipts {
            // A contact published twice may be stored in one writer batch and receipted twice in
            // one message: only its first receipt counts (the second would owe the reference again).
            guard seen.insert(r.contactID).inserted else { continue }
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
            if waiters.settle(r.contactID, with: r) {
                toldInAnswer.withLock { _ = $0.insert(r.contactID, true) }
                answered.append(r.contactID)
                continue
            }
            // The webhook's answer gave the reference already (a later receipt of the same contact).
            if toldInAnswer.withLock({ $0.contains(r.contactID) }) { continue }
            // Nobody was told the reference in time; a revision's receipt owes nothing new.
            if r.outcome != .updated, let contact = try? IntakeJSON.decode(ContactEnvelope.self, from: p.payload) {
                owed.append((contact, r))
            }
        }
        spool.acknowledge(stored)
        publishing.withLock { a in for s in stored { a.removeValue(forKey: s.id) } }
        updateGauges()
        return owed
    }

    /// From now, every pending contact is due to be published again (a reconnect: what was in
    /// flight on the lost connection may be gone; a case writer back after an outage).
    public func republishAllNow(now: ContinuousClock.Instant = .now) {
        dueBefore.withLock { $0 = now }
    }

    /// Publishes again, oldest first, at most `budget` pending contacts that are due
    /// (`RepublishPacing`) and not in flight. Returns how many it published.
    @discardableResult
    public func republish(writer: WriterPresence.State, budget: Int, now: ContinuousClock.Instant = .now) -> Int {
        guard budget > 0, bus.connectionState == .connected else { return 0 }
        let all = dueBefore.withLock { $0 }
        var count = 0
        for p in spool.pending {
            guard count < budget else { break }
            let due = publishing.withLock { a -> Bool in
                guard let last = a[p.id] else {
                    // Never published by this process (spooled before a restart).
                    a[p.id] = Publishing(last: now, count: 0, inFlight: true)
                    return true
                }
                guard !last.inFlight else { return false }
                let due = (all.map { last.last < $0 } ?? false) || now - last.last >= pacing.wait(afterPublishes: last.count, writer: writer)
                if due { a[p.id]!.inFlight = true }
                return due
            }
            if due {
                publish(id: p.id, payload: p.payload)
                count += 1
            }
        }
        if count > 0 {
            republished.increment(by: count)
            let waiting = spool.pendingCount
            logger.info("published \(count) spooled contact(s) again; \(waiting) wait for a receipt",
                        metadata: ["writer": "\(writer)"])
        }
        return count
    }
}
