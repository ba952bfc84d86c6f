import IntakeBus
import IntakeCore
import Logging
import Metrics

extension EnrichStage {
    /// Counts a freshly enriched contact for surges; publishes the alert when it starts one, and
    /// the "the city already knows" reply when it joins one under way. Returns the contact marked.
    func watchSurges(_ e: EnrichedContact, trace: TraceParent) -> EnrichedContact {
        guard let surges else { return e }
        let decision = surges.consider(e)
        if let alert = decision.alert {
            Counter(label: "intake_surges_total", dimensions: [("category", alert.category)]).increment()
            do {
                try bus.sendJSON(alert, topic: topics.surgeAlert, qos: 1, trace: trace.child())
                logger.notice("surge: \(alert.count) reports of \(alert.category) in \(alert.area) within \(alert.windowSeconds / 60) min",
                              metadata: ["surge": .string(alert.id), "contact": .string(e.contact.id)])
            } catch {
                logger.error("surge alert not published: \(error)", metadata: ["surge": .string(alert.id)])
            }
        }
        if decision.contact.surge != nil {
            Counter(label: "intake_surge_reports_total", dimensions: [("category", decision.contact.triage?.category ?? "-")]).increment()
        }
        if let reply = decision.reply {
            do {
                try bus.sendJSON(reply, topic: topics.reply(channel: reply.channel), qos: 1, trace: trace.child())
            } catch {
                logger.warning("surge notice to the resident not published: \(error)", metadata: ["contact": .string(e.contact.id)])
            }
        }
        return decision.contact
    }

    /// An enriched contact off the bus (this instance's or a peer's): counted for surges. True when
    /// `message` was one, so the caller is done with it.
    func observeSurge(_ message: BusMessage) -> Bool {
        guard let surges, message.topic.hasPrefix("\(topics.prefix)/enriched/") else { return false }
        if let e = try? IntakeJSON.decode(EnrichedContact.self, from: message.payload) { surges.observe(peer: e) }
        return true
    }
}
