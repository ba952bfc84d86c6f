import Foundation
public import IntakeBus
public import IntakeCore
public import IntakeStore
public import Logging
import Metrics
public import ServiceLifecycle

/// The case writer: the only writer of PostgreSQL.
///
/// It takes enriched contacts from `enriched/+` in batches (whatever has arrived while the last
/// batch was being written) and stores each batch in one transaction, with a `case/{ref}/event`
/// for what changed in the outbox (`OutboxRelay` publishes it once committed); after the commit
/// it publishes one `receipt/{adapter}` per adapter. Storing is idempotent, so a contact
/// published twice is one row and gets its receipt again.
public final class CaseWriter: Service {
    public static let component = "writer"

    public struct Configuration: Sendable {
        /// Most contacts written in one transaction. Default 500.
        public var maxBatch: Int
        /// Wait between tries when PostgreSQL is unreachable. Default 1 s.
        public var retryDelay: Duration

        public init(maxBatch: Int = 500, retryDelay: Duration = .seconds(1)) {
            self.maxBatch = maxBatch
            self.retryDelay = retryDelay
        }
    }

    let bus: MQTTClient
    let store: CaseStore
    let topics: TopicTree
    let configuration: Configuration
    let logger: Logger
    let deadLetters: DeadLetters
    /// Told after each commit that the outbox has new rows; nil when no relay runs in this process
    /// (another process's relay finds them when it polls).
    let outbox: OutboxRelay?
    private let committed = Counter(label: "intake_writer_contacts_committed_total")
    private let casesCreated = Counter(label: "intake_cases_created_total")
    private let batchSize = Recorder(label: "intake_writer_batch_size")
    private let commitTimer = Timer(label: "intake_writer_commit_seconds")
    private let writerLatency = PipelineMetrics.latency(.writer)
    private let endToEndLatency = PipelineMetrics.latency(.endToEnd)
    /// Contacts committed, for the status heartbeat's contacts per second.
    public let throughput = Throughput()

    public init(bus: MQTTClient, store: CaseStore, topics: TopicTree, configuration: Configuration = .init(), outbox: OutboxRelay? = nil,
                logger: Logger) {
        self.outbox = outbox
        self.bus = bus
        self.store = store
        self.topics = topics
        self.configuration = configuration
        var l = logger
        l[metadataKey: "stage"] = "writer"
        self.logger = l
        deadLetters = DeadLetters(stage: Self.component, bus: bus, topics: topics, logger: l)
    }

    public func run() async throws {
        let filter = TopicTree.shared(group: Self.component, topics.allEnriched)
        try bus.subscribe(filter, qos: 1)
        try await bus.serve(unsubscribingOnShutdown: [filter]) {
            while let messages = await self.bus.messages.nextBatch(max: self.configuration.maxBatch) {
                await self.process(messages)
            }
            self.logger.info("writer drained")
        }
    }

    func process(_ messages: [BusMessage]) async {
        let arrived = ContinuousClock.now
        var batch: [CaseStore.Incoming] = []
        var traces: [String: TraceParent] = [:]
        for m in messages {
            do {
                let e = try IntakeJSON.decode(EnrichedContact.self, from: m.payload)
                batch.append(CaseStore.Incoming(contact: e, envelope: String(decoding: m.payload, as: UTF8.self)))
                if let t = m.userProperty(TraceParent.propertyName).flatMap(TraceParent.init) { traces[e.contact.id] = t }
            } catch {
                deadLetters.send(m, reason: "not an intake.enriched/1 envelope: \(error)")
            }
        }
        guard !batch.isEmpty else { return }
        let topics = self.topics
        let traceOf = traces
        let written = await writeWithRetry(batch, messages: messages) { Self.events(for: $0, traces: traceOf, topics: topics) }
        recordLatencies(written, arrived: arrived)
        outbox?.wake()
        publish(written)
    }

    /// Retries while PostgreSQL is unreachable; a batch that fails for any other reason is split,
    /// so that one bad contact goes to the dead-letter topic and the rest are stored.
    private func writeWithRetry(_ batch: [CaseStore.Incoming], messages: [BusMessage],
                                events: @escaping @Sendable ([CaseStore.Written]) -> [OutboxMessage]) async -> [CaseStore.Written] {
        while true {
            let start = ContinuousClock.now
            do {
                let written = try await store.write(batch, events: events)
                commitTimer.recordNanoseconds(Int64((ContinuousClock.now - start) / .nanoseconds(1)))
                batchSize.record(batch.count)
                return written
            } catch let e as PostgresError where e.isTransient {
                logger.warning("batch of \(batch.count) not written, will retry: \(e)")
                try? await Task.sleep(for: configuration.retryDelay)
            } catch {
                guard batch.count > 1 else {
                    deadLetters.send(BusMessage(topic: topics.enriched(channel: batch[0].contact.contact.channel),
                                          payload: Array(batch[0].envelope.utf8)),
                               reason: "the database refused it: \(error)")
                    return []
                }
                logger.error("batch of \(batch.count) refused (\(error)); writing its contacts one by one")
                var out: [CaseStore.Written] = []
                for e in batch { out += await writeWithRetry([e], messages: [], events: events) }
                return out
            }
        }
    }

    /// Enriched received → committed, and the contact's `received_at` → committed, per contact.
    private func recordLatencies(_ written: [CaseStore.Written], arrived: ContinuousClock.Instant) {
        let sinceArrival = Int64((ContinuousClock.now - arrived) / .nanoseconds(1))
        let now = Date()
        throughput.add(written.count)
        for w in written where w.outcome != .alreadyStored {
            writerLatency.recordNanoseconds(sinceArrival)
            endToEndLatency.recordNanoseconds(Int64(max(0, now.timeIntervalSince(w.contact.contact.receivedAt)) * 1e9))
        }
    }

    /// What the resident could still settle: about a case their contact opened, or about the place
    /// when their answer named one the geocoder again did not trust.
    private func questions(for w: CaseStore.Written) -> [ResidentQuestion] {
        guard let triage = store.triage else { return [] }
        switch w.outcome {
        case .created:
            return triage.residentQuestions(for: w.contact)
        case .linked where w.contact.contact.residentAnswer == .place:
            return triage.residentQuestions(for: w.contact).filter { $0.kind == .place }
        default:
            return []
        }
    }

    /// The case events of a batch, for the outbox: one per contact that changed something.
    static func events(for written: [CaseStore.Written], traces: [String: TraceParent], topics: TopicTree) -> [OutboxMessage] {
        let now = Date()
        var out: [OutboxMessage] = []
        out.reserveCapacity(written.count)
        for w in written {
            let c = w.contact.contact
            let kind: CaseEvent.Kind
            switch w.outcome {
            case .created: kind = .created
            case .linked: kind = .contactLinked
            case .updated: kind = .contactUpdated
            case .alreadyStored: continue
            }
            var event = CaseEvent(kind: kind, caseRef: w.caseRef, contactID: c.id, channel: c.channel, status: "open",
                                  category: w.contact.triage?.category, priority: w.contact.triage?.priority.rawValue,
                                  possibleDuplicateOf: w.possibleDuplicateOf, at: now)
            if kind == .created {
                event.lat = w.contact.geo?.lat ?? c.location?.lat
                event.lon = w.contact.geo?.lon ?? c.location?.lon
                event.openedAt = c.receivedAt
                event.description = c.text
                event.locationText = c.location?.text
                event.jurisdiction = w.contact.geo?.jurisdiction
                event.routedTo = w.contact.triage?.routedTo
            }
            out.append(OutboxMessage(topic: topics.caseEvent(ref: w.caseRef), json: event, trace: traces[c.id]?.child()))
        }
        return out
    }

    /// The receipts of a committed batch, one message per adapter.
    private func publish(_ written: [CaseStore.Written]) {
        let now = Date()
        var receipts: [String: [ReceiptBatch.Receipt]] = [:]
        var created = 0
        for w in written {
            let c = w.contact.contact
            receipts[c.adapter, default: []].append(.init(contactID: c.id, revision: w.revision, caseRef: w.caseRef, outcome: w.outcome,
                                                          questions: questions(for: w)))
            if w.outcome == .created { created += 1 }
        }
        for (adapter, list) in receipts {
            do {
                try bus.sendJSON(ReceiptBatch(committedAt: now, receipts: list), topic: topics.receipt(adapter: adapter), qos: 1)
            } catch {
                // The adapter publishes the contacts again and gets its receipt then.
                logger.warning("receipts for \(adapter) not published: \(error)")
            }
        }
        committed.increment(by: written.count)
        casesCreated.increment(by: created)
    }
}
