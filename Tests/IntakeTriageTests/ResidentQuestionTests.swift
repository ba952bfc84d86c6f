import Foundation
import IntakeCore
import IntakeLocate
import IntakeTriage
import Testing

/// What the resident is asked about a new case, and how their choice is read back.
@Suite("Resident questions: which problem, which place")
struct ResidentQuestionTests {
    static let engine = RulesFile.engine
    static let candidate = GeoCandidate(text: "220 E 5th St, Tucson 85705", lat: 32.2339, lon: -110.9665, confidence: 0.55)

    static func enriched(_ text: String, language: String = "en", geo: GeoResult? = nil) -> EnrichedContact {
        let contact = ContactEnvelope(id: "sms:SM1", channel: "sms", adapter: "twilio-sms", receivedAt: Date(),
                                      sender: Sender(kind: .phone, address: "+15205550100"), language: language, text: text)
        return EnrichedContact(contact: contact, geo: geo, triage: engine.classify(text), dedup: DedupVerdict(verdict: .new))
    }

    @Test func anUnsureReportAsksAmongItsCandidatesInTheResidentsLanguage() throws {
        let en = Self.engine.residentQuestions(for: Self.enriched("graffiti on the streetlight pole"))
        let q = try #require(en.first)
        #expect(en.count == 1 && q.kind == .category)
        #expect(Set(q.options.map(\.id)) == ["streetlight", "graffiti"])
        #expect(q.other == .init(id: "other", label: "Other"))
        let es = Self.engine.residentQuestions(for: Self.enriched("grafiti en la lámpara", language: "es"))
        #expect(es.first?.options.map(\.label).contains("Grafiti") == true)
    }

    @Test func aConfidentReportAnEmergencyOrAWordlessOneAsksNothing() {
        #expect(Self.engine.residentQuestions(for: Self.enriched("huge pothole on speedway")).isEmpty)
        // Emergencies go to people at once; a text with no candidate at all waits for a person.
        #expect(Self.engine.residentQuestions(for: Self.enriched("graffiti on the streetlight pole and a man is bleeding")).isEmpty)
        #expect(Self.engine.residentQuestions(for: Self.enriched("hello can someone call me")).isEmpty)
    }

    @Test func anUncertainPlaceIsAskedAboutAfterTheCategory() {
        let geo = GeoResult(method: .unmatched, confidence: 0, candidate: Self.candidate)
        let qs = Self.engine.residentQuestions(for: Self.enriched("graffiti on the streetlight pole at 220 W 5th St", geo: geo))
        #expect(qs.map(\.kind) == [.category, .place])
        #expect(qs.last?.place == Self.candidate)
        let placed = GeoResult(method: .address, lat: 32.2, lon: -110.9, confidence: 0.95)
        #expect(Self.engine.residentQuestions(for: Self.enriched("pothole at 220 E 5th St", geo: placed)).isEmpty)
    }

    @Test func theResidentsChoiceSettlesTheCategory() {
        let read = Self.engine.classify("1")
        let t = Self.engine.chosen("graffiti", over: read)
        #expect(t.category == "graffiti" && !t.needsReview && t.candidates.isEmpty)
        #expect(t.priority == .low)  // graffiti's own priority in the rules
        #expect(Self.engine.chosen("other", over: read).category == "other")
        // A category the rules do not have changes nothing.
        #expect(Self.engine.chosen("spaceship", over: read) == read)
    }
}
