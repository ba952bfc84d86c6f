import Foundation
public import IntakeBus
public import IntakeCore
public import Logging
import Metrics
public import ServiceLifecycle
import Synchronization

/// The enrich stage: takes contacts from `contact/+` (as one of any number of instances, on a
/// shared subscription), enriches them, and publishes them on `enriched/{channel}`.
///
/// A contact it cannot read goes to `deadletter/enrich` with the reason. Exact duplicates are
/// marked and passed on without being enriched twice (`RecentEnrichments`).
public final class EnrichStage: Service {
    public static let component = "enrich"

    let bus: MQTTClient
    let topics: TopicTree
    let enricher: any ContactEnricher
    let logger: Logger
    private let recent = Mutex(RecentEnrichments())
    private let enriched = Counter(label: "intake_enrich_contacts_total")
    private let duplicates = Counter(label: "intake_enrich_exact_duplicates_total")
    private let deadLetters = Counter(label: "intake_deadletters_total", dimensions: [("stage", component)])

    public init(bus: MQTTClient, topics: TopicTree, enricher: any ContactEnricher, logger: Logger) {
        self.bus = bus
        self.topics = topics
        self.enricher = enricher
        var l = logger
        l[metadataKey: "stage"] = "enrich"
        self.logger = l
    }

    public func run() async throws {
        let filter = TopicTree.shared(group: Self.component, topics.allContacts)
        try bus.subscribe(filter, qos: 1)
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await self.bus.run() }
            group.addTask {
                try? await gracefulShutdown()
                await self.bus.stopReceiving(unsubscribing: filter)
            }
            for await message in bus.messages {
                await handle(message)
            }
            await bus.shutdown()
        }
    }

    func handle(_ message: BusMessage) async {
        let contact: ContactEnvelope
        do {
            contact = try IntakeJSON.decode(ContactEnvelope.self, from: message.payload)
        } catch {
            deadLetter(message, reason: "not an intake.contact/1 envelope: \(error)")
            return
        }
        let result: EnrichedContact
        if let repeated = recent.withLock({ $0.repeatOf(contact) }) {
            if repeated.dedup.verdict == .exactDuplicate {
                duplicates.increment()
                logger.debug("exact duplicate", metadata: ["contact": .string(contact.id)])
            } else {
                recent.withLock { $0.remember(repeated) }
            }
            result = repeated
        } else {
            result = await enricher.enrich(contact)
            recent.withLock { $0.remember(result) }
        }
        let trace = message.userProperty(TraceParent.propertyName).flatMap(TraceParent.init) ?? TraceParent()
        do {
            try bus.sendJSON(result, topic: topics.enriched(channel: contact.channel), qos: 1, trace: trace.child())
            enriched.increment()
        } catch {
            // The adapter publishes it again when no receipt comes.
            logger.warning("enriched contact not published: \(error)", metadata: ["contact": .string(contact.id)])
        }
    }

    func deadLetter(_ message: BusMessage, reason: String) {
        deadLetters.increment()
        logger.error("dead letter from \(message.topic): \(reason)")
        let letter = DeadLetter(stage: Self.component, reason: reason, sourceTopic: message.topic, payload: message.payload, at: Date())
        try? bus.sendJSON(letter, topic: topics.deadLetter(stage: Self.component))
    }
}
