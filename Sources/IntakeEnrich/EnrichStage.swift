import Foundation
public import IntakeBus
public import IntakeCore
public import Logging
import Metrics
public import ServiceLifecycle

/// The enrich stage: takes contacts from `contact/+` (as one of any number of instances, on a
/// shared subscription), enriches them, and publishes them on `enriched/{channel}`.
///
/// A contact it cannot read, or one that does not satisfy the `intake.contact/1` JSON Schema (the
/// schema file itself, `ContactSchema`), goes to `deadletter/enrich` with the reason and, for a
/// schema violation, its JSON path; it never reaches the writer. So does one dated outside the
/// sane window of `ContactBounds` (before 2000, or more than a day ahead). Exact duplicates are marked and
/// passed on without being enriched twice (`RecentEnrichments`).
public final class EnrichStage: Service {
    public static let component = "enrich"

    let bus: MQTTClient
    let topics: TopicTree
    let enricher: any ContactEnricher
    let logger: Logger
    let deadLetters: DeadLetters
    let escalationPublisher: EscalationPublisher
    /// Adapters in any language publish contacts; each is checked against the schema file.
    let schema: Result<JSONSchema, SchemaLoadError> = ContactSchema.shared
    let advice: EmergencyAdvice?
    /// Surges of one kind of report in one area (`SurgeMonitor`); nil watches none.
    let surges: SurgeMonitor?
    private let recent = Locked(RecentEnrichments())
    /// Contacts with messages handed to `handle` and not finished there, by id, with how many:
    /// a contact's next message follows them there, so its revisions stay in order. Other
    /// contacts are not held back behind them.
    private let inHandle = Locked<[String: Int]>([:])
    private let enriched = Counter(label: "intake_enrich_contacts_total")
    private let duplicates = Counter(label: "intake_enrich_exact_duplicates_total")
    private let escalations = Counter(label: "intake_escalations_total")
    private let latency = PipelineMetrics.latency(.enrich)
    /// Contacts enriched, for the status heartbeat's contacts per second.
    public let throughput = Throughput()

    public init(bus: MQTTClient, topics: TopicTree, enricher: any ContactEnricher, logger: Logger, advice: EmergencyAdvice? = nil,
                surges: SurgeMonitor? = nil) {
        self.advice = advice
        self.surges = surges
        self.bus = bus
        self.topics = topics
        self.enricher = enricher
        var l = logger
        l[metadataKey: "stage"] = "enrich"
        self.logger = l
        deadLetters = DeadLetters(stage: Self.component, bus: bus, topics: topics, logger: l)
        escalationPublisher = EscalationPublisher(bus: bus, topics: topics)
    }

    public func run() async throws {
        // Without its schema the stage would pass on what it cannot vouch for: it does not start.
        _ = try schema.get()
        let filter = TopicTree.shared(group: Self.component, topics.allContacts)
        try bus.subscribe(filter, qos: 1)
        // Every instance follows every case event (not shared): each keeps its own view of open cases.
        try bus.subscribe(topics.allCaseEvents, qos: 1)
        // Every instance counts every enriched contact of its peers for surges (not shared). Its own
        // it counted as it enriched them: the broker is asked not to send them back (No Local).
        if surges != nil { try bus.subscribe(topics.allEnriched, qos: 1, noLocal: true) }
        try await bus.serve(unsubscribingOnShutdown: [topics.allCaseEvents, topics.allEnriched, filter]) {
            await self.bus.consume(handlingNow: { self.handleNow($0) }, later: { await self.handle($0) })
        }
    }

    /// A message handled on the bus client's network thread: all of them, except a contact
    /// that must wait for the broker to have its escalation, any when a remote geocoder is
    /// asked, and any message of a contact that has one in `handle` still. Returns false, with
    /// nothing done, for those: `handle` takes them in turn.
    func handleNow(_ message: BusMessage) -> Bool {
        if observeSurge(message) { return true }
        if message.topic.hasSuffix("/event") {
            observe(message)
            return true
        }
        let arrived = ContinuousClock.now
        guard let contact = read(message) else { return true }
        if followsEarlierInHandle(contact.id) { return false }
        let trace = message.userProperty(TraceParent.propertyName).flatMap(TraceParent.init) ?? TraceParent()
        if let repeated = repeatOf(contact) {
            publish(repeated, trace: trace, arrived: arrived)
            return true
        }
        guard let result = enricher.enrichNow(contact), !mustEscalate(result) else {
            inHandle.withLock { $0[contact.id, default: 0] += 1 }
            return false
        }
        finish(result, received: (contact, message.payload), trace: trace, arrived: arrived)
        return true
    }

    /// Whether a message of this contact is still in `handle`; if so, this one is counted to
    /// follow it there.
    private func followsEarlierInHandle(_ id: String) -> Bool {
        inHandle.withLock { w in
            guard w[id] != nil else { return false }
            w[id]! += 1
            return true
        }
    }

    func handle(_ message: BusMessage) async {
        if observeSurge(message) { return }
        if message.topic.hasSuffix("/event") { return observe(message) }
        let arrived = ContinuousClock.now
        guard let contact = read(message) else { return }
        defer {
            inHandle.withLock { w in
                guard let n = w[contact.id] else { return }
                w[contact.id] = n > 1 ? n - 1 : nil
            }
        }
        let trace = message.userProperty(TraceParent.propertyName).flatMap(TraceParent.init) ?? TraceParent()
        if let repeated = repeatOf(contact) { return publish(repeated, trace: trace, arrived: arrived) }
        let result = await enricher.enrich(contact)
        // 911 first (a possible emergency for review). Until the broker has the escalation, the
        // contact is not passed on or remembered: the adapter publishes it again and it is
        // escalated then.
        if mustEscalate(result), let tier = result.triage?.emergencyTier {
            guard await escalate(result, tier: tier, trace: trace) else { return }
            advise(result.contact, trace: trace)
        }
        finish(result, received: (contact, message.payload), trace: trace, arrived: arrived)
    }

    private func observe(_ message: BusMessage) {
        if let event = try? IntakeJSON.decode(CaseEvent.self, from: message.payload) { enricher.observe(event) }
    }

    /// A handoff from the 911 centre (`cad`) is already known to 911: never escalated back.
    private func mustEscalate(_ e: EnrichedContact) -> Bool {
        e.triage?.emergencyTier != nil && e.contact.channel != "cad"
    }

    /// The enrichment of a contact seen moments ago (`RecentEnrichments`), marked as an exact
    /// duplicate when it is one.
    private func repeatOf(_ contact: ContactEnvelope) -> EnrichedContact? {
        guard let repeated = recent.withLock({ $0.repeatOf(contact) }) else { return nil }
        if repeated.dedup.verdict == .exactDuplicate {
            duplicates.increment()
            logger.debug("exact duplicate", metadata: ["contact": .string(contact.id)])
        } else {
            recent.withLock { $0.remember(repeated) }
        }
        return repeated
    }

    /// A freshly enriched contact: counted for surges, remembered, passed on. `received` is the
    /// contact as read and the bytes it came in.
    private func finish(_ result: EnrichedContact, received: (contact: ContactEnvelope, bytes: [UInt8]),
                        trace: TraceParent, arrived: ContinuousClock.Instant) {
        let marked = watchSurges(result, trace: trace)
        recent.withLock { $0.remember(marked) }
        // The contact goes on as it came: its bytes are copied, not written out again.
        let spliced = marked.contact == received.contact ? marked.encode(splicing: received.bytes) : nil
        publish(marked, encoded: spliced, trace: trace, arrived: arrived)
    }

    private func publish(_ result: EnrichedContact, encoded: [UInt8]? = nil, trace: TraceParent, arrived: ContinuousClock.Instant) {
        do {
            try bus.send(topic: topics.enriched(channel: result.contact.channel), payload: encoded ?? IntakeJSON.encode(result),
                         trace: trace.child())
            enriched.increment()
            throughput.add()
            latency.recordNanoseconds(Int64((ContinuousClock.now - arrived) / .nanoseconds(1)))
        } catch {
            // The adapter publishes it again when no receipt comes.
            logger.warning("enriched contact not published: \(error)", metadata: ["contact": .string(result.contact.id)])
        }
    }

    /// The contact in `message`, or nil when it has been dead-lettered instead. The bytes are
    /// parsed once; the schema is checked on that tree, and the envelope read from it.
    func read(_ message: BusMessage) -> ContactEnvelope? {
        do {
            let json = try JSONReader.parse(message.payload)
            if let violation = try schema.get().validate(json) {
                deadLetters.send(message, reason: violation.reason, path: violation.path)
                return nil
            }
            let contact = try ContactEnvelope(json: json)
            // What the schema file cannot say: a sane date (the year numbers the case).
            if let violation = ContactBounds.violation(contact) {
                deadLetters.send(message, reason: violation.reason, path: violation.path)
                return nil
            }
            return contact
        } catch {
            deadLetters.send(message, reason: "not an intake.contact/1 envelope: \(error)")
            return nil
        }
    }

    /// Tells the resident at once to call 911 if anyone is in danger (`reply/{channel}`).
    func advise(_ contact: ContactEnvelope, trace: TraceParent) {
        guard let reply = advice?.reply(for: contact) else { return }
        do {
            try bus.sendJSON(reply, topic: topics.reply(channel: reply.channel), qos: 1, trace: trace.child())
        } catch {
            logger.error("emergency advice not published: \(error)", metadata: ["contact": .string(contact.id)])
        }
    }

    /// Publishes the emergency (or the possible one, for review) on `escalation` and waits for
    /// the broker to have it.
    func escalate(_ e: EnrichedContact, tier: TriageResult.EmergencyTier = .emergency, trace: TraceParent) async -> Bool {
        let c = e.contact
        let words = tier == .possible ? "possible emergency words" : "emergency words"
        let escalation = Escalation(
            id: "escalation:\(c.id)", contactID: c.id, channel: c.channel,
            reason: "\(words): \(e.triage?.matched.joined(separator: ", ") ?? "")",
            callback: c.sender.kind == .phone ? c.sender.address : nil,
            location: Location(text: c.location?.text ?? e.geo?.matched, lat: e.geo?.lat ?? c.location?.lat,
                               lon: e.geo?.lon ?? c.location?.lon, source: e.geo?.lat != nil ? .geocoder : (c.location?.source ?? .resident)),
            text: c.text, at: Date(), tier: tier)
        do {
            try await escalationPublisher.publish(escalation, trace: trace.child())
            escalations.increment()
            logger.notice(tier == .possible ? "possible emergency sent to 911 for review" : "emergency escalated to 911",
                          metadata: ["contact": .string(c.id), "channel": .string(c.channel)])
            return true
        } catch {
            logger.critical("EMERGENCY NOT ESCALATED YET (will retry when the contact comes again): \(error)",
                            metadata: ["contact": .string(c.id)])
            return false
        }
    }
}
