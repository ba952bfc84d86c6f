import Foundation
import IntakeCore
import IntakeEnrich
import IntakeTriage
import Testing

@Suite("Surge monitor: which contacts count, the alert, the mark and the resident's notice")
struct SurgeMonitorTests {
    static let notice = SurgeNotice(texts: ["sms": ["en": "We already know.", "es": "Ya lo sabemos."]])
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func enriched(_ id: String, minute: Double, category: String = "water_leak", language: String = "en",
                         neighborhood: String? = "West University", triage: TriageResult? = nil) -> EnrichedContact {
        let c = ContactEnvelope(id: id, channel: "sms", adapter: "twilio-sms", receivedAt: t0.addingTimeInterval(minute * 60),
                                sender: Sender(kind: .phone, address: "+15205550100"), language: language, text: "water everywhere")
        let geo = GeoResult(method: .address, lat: 32.2282, lon: -110.9641, confidence: 0.9, jurisdiction: "City of Tucson",
                            neighborhood: neighborhood)
        return EnrichedContact(contact: c, geo: geo, triage: triage ?? TriageResult(category: category, priority: .high),
                               dedup: DedupVerdict(verdict: .new))
    }

    static func monitor() -> SurgeMonitor {
        SurgeMonitor(rules: SurgeRules(defaults: .init(count: 3, windowSeconds: 3600), categories: [:]), notice: notice)
    }

    @Test("the third report alerts with area, category, count, window and contact ids; the fourth joins, marked, and its resident is told in their language")
    func alertThenJoin() throws {
        let m = Self.monitor()
        #expect(m.consider(Self.enriched("a", minute: 0)).alert == nil)
        #expect(m.consider(Self.enriched("b", minute: 1)).contact.surge == nil)
        let third = m.consider(Self.enriched("c", minute: 2))
        let alert = try #require(third.alert)
        #expect(alert.category == "water_leak")
        #expect(alert.area == "West University")
        #expect(alert.areaKey == "neighborhood:City of Tucson/West University")
        #expect(alert.count == 3)
        #expect(alert.windowSeconds == 3600)
        #expect(alert.contactIDs == ["a", "b", "c"])
        #expect(third.contact.surge == SurgeMark(id: alert.id, area: "West University", started: true))
        #expect(third.reply == nil)
        let fourth = m.consider(Self.enriched("d", minute: 3, language: "es"))
        #expect(fourth.alert == nil)
        #expect(fourth.contact.surge?.id == alert.id)
        #expect(fourth.contact.surge?.started == false)
        #expect(fourth.reply?.text == "Ya lo sabemos.")
        #expect(fourth.reply?.id == "surge:d")
        // The alert's JSON reads back as written.
        #expect(try IntakeJSON.decode(SurgeAlert.self, from: IntakeJSON.encode(alert)) == alert)
        #expect(try IntakeJSON.decode(EnrichedContact.self, from: IntakeJSON.encode(fourth.contact)).surge == fourth.contact.surge)
    }

    @Test("emergencies, referrals, the catch-all, unsure categories and unlocated reports are not counted")
    func notCounted() {
        let m = Self.monitor()
        let skipped = [
            Self.enriched("e1", minute: 0, triage: TriageResult(category: "water_leak", priority: .emergency, emergencyTier: .emergency)),
            Self.enriched("e2", minute: 0, triage: TriageResult(category: "water_leak", priority: .high, emergencyTier: .possible)),
            Self.enriched("e3", minute: 0, triage: TriageResult(category: "water_leak", priority: .high, referral: "CSHW")),
            Self.enriched("e4", minute: 0, category: "other"),
            Self.enriched("e5", minute: 0, triage: TriageResult(category: "water_leak", priority: .high, needsReview: true)),
        ]
        var unlocated = Self.enriched("e6", minute: 0)
        unlocated.geo = GeoResult(method: .unmatched, confidence: 0)
        for e in skipped + [unlocated, unlocated, unlocated] { #expect(m.consider(e).contact.surge == nil) }
        // None of them counted: two real reports are still below the threshold of three.
        #expect(m.consider(Self.enriched("r1", minute: 1)).alert == nil)
        #expect(m.consider(Self.enriched("r2", minute: 1)).alert == nil)
    }

    @Test("a peer's enriched contacts are counted, and its surge is adopted without a second alert")
    func peers() throws {
        let m = Self.monitor()
        m.observe(peer: Self.enriched("p1", minute: 0))
        m.observe(peer: Self.enriched("p2", minute: 1))
        var p3 = Self.enriched("p3", minute: 2)
        p3.surge = SurgeMark(id: "surge:peer", area: "West University", started: true)
        m.observe(peer: p3)
        let mine = m.consider(Self.enriched("m1", minute: 3))
        #expect(mine.alert == nil)
        #expect(mine.contact.surge?.id == "surge:peer")
    }
}
