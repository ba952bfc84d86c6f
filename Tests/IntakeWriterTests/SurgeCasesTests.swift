import Foundation
import IntakeCore
import IntakeWriter
import Testing

@Suite("One case per surge")
struct SurgeCasesTests {
    func contact(_ id: String, surge: String?, named: String? = nil) -> EnrichedContact {
        var c = ContactEnvelope(id: id, channel: "sms", adapter: "twilio-sms", sender: Sender(kind: .phone, address: "+15205550100"),
                                language: "en", text: "text")
        c.caseRef = named
        var e = EnrichedContact(contact: c, dedup: DedupVerdict(verdict: .new))
        e.surge = surge.map { SurgeMark(id: $0, area: "West University", started: false) }
        return e
    }

    @Test("a surge whose case is stored: its reports join that case")
    func joinsStoredCase() {
        let contacts = [contact("a", surge: "s1"), contact("b", surge: nil)]
        let r = SurgeCases.resolve([.create(year: 2026, possibleDuplicateOf: nil), .create(year: 2026, possibleDuplicateOf: nil)],
                                   contacts: contacts, surgeCases: ["s1": "TUC-2026-000042"])
        #expect(r.dispositions == [.link(ref: "TUC-2026-000042"), .create(year: 2026, possibleDuplicateOf: nil)])
        #expect(r.newSurges.isEmpty)
    }

    @Test("the first report of a new surge opens its case; the batch's later reports of it join that case")
    func firstOpens() {
        let contacts = [contact("a", surge: "s1"), contact("b", surge: "s1"), contact("c", surge: "s2")]
        let create = BatchPlan.Disposition.create(year: 2026, possibleDuplicateOf: nil)
        let r = SurgeCases.resolve([create, create, create], contacts: contacts, surgeCases: [:])
        #expect(r.dispositions == [create, .linkToBatch(of: 0), create])
        #expect(r.newSurges == ["s1": .batch(of: 0), "s2": .batch(of: 2)])
    }

    @Test("a first report linked to an open case as a near-duplicate makes that case the surge's")
    func nearDuplicateCaseBecomesSurgeCase() {
        let contacts = [contact("a", surge: "s1"), contact("b", surge: "s1")]
        let r = SurgeCases.resolve([.link(ref: "TUC-2026-000007"), .create(year: 2026, possibleDuplicateOf: nil)],
                                   contacts: contacts, surgeCases: [:])
        #expect(r.dispositions == [.link(ref: "TUC-2026-000007"), .link(ref: "TUC-2026-000007")])
        #expect(r.newSurges == ["s1": .existing(ref: "TUC-2026-000007")])
    }

    @Test("stored contacts, and a follow-up naming its own case, are left alone; a near-duplicate of a report that moved follows it")
    func leftAlone() {
        let contacts = [contact("a", surge: "s1"), contact("b", surge: "s1", named: "TUC-2026-000001"), contact("c", surge: nil)]
        let r = SurgeCases.resolve([.create(year: 2026, possibleDuplicateOf: nil), .link(ref: "TUC-2026-000001"), .linkToBatch(of: 0)],
                                   contacts: contacts, surgeCases: ["s1": "TUC-2026-000042"])
        #expect(r.dispositions == [.link(ref: "TUC-2026-000042"), .link(ref: "TUC-2026-000001"), .link(ref: "TUC-2026-000042")])
        let stored = SurgeCases.resolve([.alreadyStored(ref: "TUC-2026-000003", revision: 1)], contacts: [contact("a", surge: "s1")],
                                        surgeCases: ["s1": "TUC-2026-000042"])
        #expect(stored.dispositions == [.alreadyStored(ref: "TUC-2026-000003", revision: 1)])
    }
}
