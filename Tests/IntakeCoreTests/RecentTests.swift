import IntakeChannel
import IntakeCore
import IntakeEnrich
import Testing

@Suite("Remembering what was seen")
struct RecentTests {
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

    @Test("the oldest ids are forgotten past the capacity")
    func bounded() {
        var set = RecentSet(capacity: 3)
        for id in ["a", "b", "c", "d"] {
            let inserted = set.insert(id)
            #expect(inserted)
        }
        #expect(!set.contains("a"))
        #expect(set.contains("d"))
        let again = set.insert("d")
        #expect(!again)
    }
}
