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
///
/// A contact PostgreSQL refuses (not an outage: the refusal itself) is tried alone up to
/// `maxAttempts` times, then kept in the `quarantine` table, dead-lettered with the reason and
/// answered with a `quarantined` receipt so that its adapter stops publishing it. Its id is
/// remembered, so it never fails a batch again in this process; after a restart, the first batch
/// it fails finds it in the table.
public final class CaseWriter: Service {
    public static let component = "writer"

    public struct Configuration: Sendable {
        /// Most contacts written in one transaction. Default 500.
        public var maxBatch: Int
        /// Wait between tries when PostgreSQL is unreachable. Default 1 s.
        public var retryDelay: Duration
        /// Tries to store a contact PostgreSQL refuses before it is quarantined
        /// (`INTAKE_WRITER_MAX_ATTEMPTS`). Default 3.
        public var maxAttempts: Int

        public init(maxBatch: Int = 500, retryDelay: Duration = .seconds(1), maxAttempts: Int = 3) {
            self.maxBatch = maxBatch
            self.retryDelay = retryDelay
            self.maxAttempts = max(1, maxAttempts)
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
    /// Ids this process has quarantined: answered at once when they come again.
    private let quarantinedIDs = Locked<Set<String>>([])
    private let quarantinedCounter = Counter(label: "intake_writer_contacts_quarantined_total")
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
        // Quarantined before: not tried again, only answered again.
        let known = quarantinedIDs.withLock { q in batch.filter { q.contains($0.contact.contact.id) } }
        if !known.isEmpty { batch.removeAll { b in known.contains { $0.contact.contact.id == b.contact.contact.id } } }
        let topics = self.topics
        let traceOf = traces
        var result = WriteResult(quarantined: known.map(\.contact))
        if !batch.isEmpty {
            result += await writeWithRetry(batch) { Self.events(for: $0, traces: traceOf, topics: topics) }
        }
        recordLatencies(result.written, arrived: arrived)
        if !result.written.isEmpty { outbox?.wake() }
        publish(result.written, quarantined: result.quarantined)
    }

    /// What became of a batch: stored, or quarantined.
    struct WriteResult {
        var written: [CaseStore.Written] = []
        var quarantined: [EnrichedContact] = []

        static func += (a: inout WriteResult, b: WriteResult) {
            a.written += b.written
            a.quarantined += b.quarantined
        }
    }

    /// Retries while PostgreSQL is unreachable; a batch it refuses is written contact by contact
    /// (once), so that the good ones are stored and a bad one is quarantined.
    private func writeWithRetry(_ batch: [CaseStore.Incoming],
                                events: @escaping @Sendable ([CaseStore.Written]) -> [OutboxMessage]) async -> WriteResult {
        while true {
            let start = ContinuousClock.now
            do {
                let written = try await store.write(batch, events: events)
                commitTimer.recordNanoseconds(Int64((ContinuousClock.now - start) / .nanoseconds(1)))
                batchSize.record(batch.count)
                return WriteResult(written: written)
            } catch let e as PostgresError where e.isTransient {
                logger.warning("batch of \(batch.count) not written, will retry: \(e)")
                try? await Task.sleep(for: configuration.retryDelay)
            } catch {
                logFailure("batch of \(batch.count) refused", error)
                guard batch.count > 1 else { return await writeAlone(batch[0], failures: 1, lastError: error, events: events) }
                // One round trip finds contacts quarantined before a restart or by another writer.
                let before = (try? await store.quarantinedIDs(batch.map(\.contact.contact.id))) ?? []
                var out = WriteResult()
                for e in batch {
                    if before.contains(CaseStore.storable(e.contact.contact.id)) {
                        quarantinedIDs.withLock { _ = $0.insert(e.contact.contact.id) }
                        out.quarantined.append(e.contact)
                    } else {
                        out += await writeAlone(e, failures: 0, lastError: nil, events: events)
                    }
                }
                return out
            }
        }
    }

    /// One contact on its own: outages are waited out; a refusal counts, and after
    /// `maxAttempts` of them the contact is quarantined.
    private func writeAlone(_ e: CaseStore.Incoming, failures: Int, lastError: (any Error)?,
                            events: @escaping @Sendable ([CaseStore.Written]) -> [OutboxMessage]) async -> WriteResult {
        var failures = failures
        var lastError = lastError
        while failures < configuration.maxAttempts {
            do {
                return WriteResult(written: try await store.write([e], events: events))
            } catch let pg as PostgresError where pg.isTransient {
                logger.warning("contact not written, will retry: \(pg)")
                try? await Task.sleep(for: configuration.retryDelay)
            } catch {
                failures += 1
                lastError = error
                logFailure("contact refused (try \(failures) of \(configuration.maxAttempts))", error)
            }
        }
        return await quarantine(e, attempts: failures, error: lastError)
    }

    /// Keeps the contact in `quarantine`, then dead-letters it; its receipt goes with the batch's.
    /// If even that cannot be stored, nothing is answered: the adapter publishes it again later.
    private func quarantine(_ e: CaseStore.Incoming, attempts: Int, error: (any Error)?) async -> WriteResult {
        let full = (error as? PostgresError)?.fullDescription ?? error.map { "\($0)" } ?? "refused"
        let safe = error.map { "\($0)" } ?? "refused"
        while true {
            do {
                try await store.quarantine(e, error: full, attempts: attempts)
                break
            } catch let pg as PostgresError where pg.isTransient {
                try? await Task.sleep(for: configuration.retryDelay)
            } catch {
                logFailure("contact could not be quarantined; its adapter will publish it again", error)
                return WriteResult()
            }
        }
        quarantinedIDs.withLock { _ = $0.insert(e.contact.contact.id) }
        quarantinedCounter.increment()
        let c = e.contact.contact
        deadLetters.send(BusMessage(topic: topics.enriched(channel: c.channel), payload: Array(e.envelope.utf8)),
                         reason: "the database refused it \(attempts) time(s); quarantined: \(safe)")
        return WriteResult(quarantined: [e.contact])
    }

    /// At error level what a failure is (SQLSTATE, constraint); its detail, which may quote the
    /// row, only at debug.
    private func logFailure(_ what: String, _ error: any Error) {
        logger.error("\(what): \(error)")
        if let pg = error as? PostgresError, pg.detail != nil || pg.fullDescription != pg.description {
            logger.debug("\(what): \(pg.fullDescription)")
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
            case .alreadyStored, .quarantined, .inquiry: continue
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
    private func publish(_ written: [CaseStore.Written], quarantined: [EnrichedContact] = []) {
        let now = Date()
        var receipts: [String: [ReceiptBatch.Receipt]] = [:]
        var created = 0
        for w in written {
            let c = w.contact.contact
            receipts[c.adapter, default: []].append(.init(contactID: c.id, revision: w.revision, caseRef: w.caseRef, outcome: w.outcome,
                                                          questions: questions(for: w), inquiry: w.contact.inquiry))
            if w.outcome == .created { created += 1 }
        }
        for e in quarantined {
            let c = e.contact
            receipts[c.adapter, default: []].append(.init(contactID: c.id, revision: c.revision, caseRef: "", outcome: .quarantined))
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
