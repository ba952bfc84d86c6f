import IntakeCore
import IntakeEnrich
import Testing

@Suite("Remembering what was enriched")
struct RecentEnrichmentsTests {
    @Test("a repeat gets the first sighting's enrichment, marked exact duplicate")
    func repeats() {
        var recent = RecentEnrichments(capacity: 2)
        let c = ContactEnvelope(id: "sms:SM1", channel: "sms", adapter: "twilio-sms", sender: Sender(kind: .phone, address: "+15205550100"),
                                language: "en", text: "pothole")
        #expect(recent.repeatOf(c) == nil)
        recent.remember(EnrichedContact(contact: c, triage: TriageResult(category: "pothole", priority: .normal),
                                        dedup: DedupVerdict(verdict: .linked, caseRef: "TUC-2026-000001")))
        let r = recent.repeatOf(c)
        #expect(r?.dedup.verdict == .exactDuplicate)
        #expect(r?.dedup.firstVerdict == .linked)
        #expect(r?.dedup.caseRef == "TUC-2026-000001")
        #expect(r?.triage?.category == "pothole")
    }

    @Test("a contact enriched past the capacity forgets the oldest first")
    func enrichmentsBounded() {
        var recent = RecentEnrichments(capacity: 2)
        let contacts = (1...3).map {
            ContactEnvelope(id: "sms:SM\($0)", channel: "sms", adapter: "twilio-sms", sender: Sender(kind: .phone, address: "+15205550100"),
                            language: "en", text: "pothole")
        }
        for c in contacts { recent.remember(EnrichedContact(contact: c, dedup: DedupVerdict(verdict: .new))) }
        #expect(recent.repeatOf(contacts[0]) == nil)
        #expect(recent.repeatOf(contacts[1])?.dedup.verdict == .exactDuplicate)
        #expect(recent.repeatOf(contacts[2])?.dedup.verdict == .exactDuplicate)
    }
}
