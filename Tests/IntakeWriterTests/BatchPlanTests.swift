import Foundation
import IntakeCore
import IntakeWriter
import Testing

@Suite("Batch plan")
struct BatchPlanTests {
    func contact(_ id: String, named: String? = nil, dedup: DedupVerdict = DedupVerdict(verdict: .new), year: Int = 2026) -> EnrichedContact {
        var c = ContactEnvelope(id: id, channel: "sms", adapter: "twilio-sms", sender: Sender(kind: .phone, address: "+15205550100"),
                                language: "en", text: "text")
        c.caseRef = named
        return EnrichedContact(contact: c, dedup: dedup)
    }

    @Test("stored contacts are receipted again, not written")
    func alreadyStored() {
        let plan = BatchPlan(contacts: [contact("a"), contact("b")], stored: ["a": ("TUC-2026-000007", 1)], existingRefs: []) { _ in 2026 }
        #expect(plan.dispositions == [.alreadyStored(ref: "TUC-2026-000007", revision: 1), .create(year: 2026, possibleDuplicateOf: nil)])
    }

    @Test("a later revision of a stored contact updates it; an earlier or equal one is a repeat")
    func revisions() {
        var later = contact("a")
        later.contact.revision = 3
        var earlier = contact("b")
        earlier.contact.revision = 1
        let plan = BatchPlan(contacts: [later, earlier], stored: ["a": ("TUC-2026-000007", 2), "b": ("TUC-2026-000008", 2)],
                             existingRefs: []) { _ in 2026 }
        #expect(plan.dispositions == [.update(ref: "TUC-2026-000007"), .alreadyStored(ref: "TUC-2026-000008", revision: 2)])
    }

    @Test("the same contact twice in one batch is one row")
    func repeatInBatch() {
        let plan = BatchPlan(contacts: [contact("a"), contact("a")], stored: [:], existingRefs: []) { _ in 2026 }
        #expect(plan.dispositions == [.create(year: 2026, possibleDuplicateOf: nil), .repeatInBatch(of: 0)])
        #expect(plan.newCasesPerYear == [2026: 1])
    }

    @Test("a reference the resident names links, if it exists")
    func named() {
        let plan = BatchPlan(contacts: [contact("a", named: "TUC-2026-000001"), contact("b", named: "TUC-2026-999999")],
                             stored: [:], existingRefs: ["TUC-2026-000001"]) { _ in 2026 }
        #expect(plan.dispositions == [.link(ref: "TUC-2026-000001"), .create(year: 2026, possibleDuplicateOf: nil)])
    }

    @Test("dedup verdicts: linked links, unsure flags, an exact duplicate follows its first verdict")
    func dedup() {
        let plan = BatchPlan(contacts: [
            contact("a", dedup: DedupVerdict(verdict: .linked, caseRef: "TUC-2026-000003")),
            contact("b", dedup: DedupVerdict(verdict: .possibleDuplicate, caseRef: "TUC-2026-000003")),
            contact("c", dedup: DedupVerdict(verdict: .exactDuplicate, caseRef: "TUC-2026-000003", firstVerdict: .linked)),
            contact("d", dedup: DedupVerdict(verdict: .linked, caseRef: "TUC-2026-000404")),
        ], stored: [:], existingRefs: ["TUC-2026-000003"]) { _ in 2026 }
        #expect(plan.dispositions == [
            .link(ref: "TUC-2026-000003"),
            .create(year: 2026, possibleDuplicateOf: "TUC-2026-000003"),
            .link(ref: "TUC-2026-000003"),
            .create(year: 2026, possibleDuplicateOf: nil),
        ])
    }

    @Test("numbers come from each year's reserved block, in batch order")
    func numbering() {
        let plan = BatchPlan(contacts: [contact("a"), contact("b"), contact("c"), contact("d")], stored: [:], existingRefs: []) {
            $0.contact.id == "c" ? 2027 : 2026
        }
        #expect(plan.newCasesPerYear == [2026: 3, 2027: 1])
        let refs = plan.references(prefix: "TUC", lastValues: [2026: 12, 2027: 1])
        #expect(refs == [0: "TUC-2026-000010", 1: "TUC-2026-000011", 2: "TUC-2027-000001", 3: "TUC-2026-000012"])
    }
}
