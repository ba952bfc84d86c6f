import Foundation
import IntakeCore
import IntakeEnrich
import IntakeLocate
import IntakeTriage
import Testing

@Suite("The enrich stage with a resident's answer or a channel's review flag")
struct AnswerEnrichTests {
    static func enricher() throws -> CityEnricher {
        CityEnricher(geocoder: try Geocoder.load(gazetteer: nil, geoDirectory: nil), remote: nil,
                     triage: try TriageEngine(path: TriageModelEnrichTests.rulesPath))
    }

    static func contact(_ text: String) -> ContactEnvelope {
        ContactEnvelope(id: "sms:SM\(text.count)", channel: "sms", adapter: "twilio-sms", sender: Sender(kind: .phone, address: "+15205550100"),
                        language: "en", text: text)
    }

    @Test func aChosenCategoryIsSettled() async throws {
        var answer = Self.contact("2")
        answer.caseRef = "TUC-2026-000014"
        answer.residentAnswer = .category("graffiti")
        let t = try #require(await Self.enricher().enrich(answer).triage)
        #expect(t.category == "graffiti" && !t.needsReview)
        // Without the answer, "2" is nothing triage understands: a person would decide.
        #expect(try await Self.enricher().enrich(Self.contact("2")).triage?.needsReview == true)
    }

    @Test func aChannelsReviewFlagReachesTheCase() async throws {
        var letter = Self.contact("huge pothole in front of my house")
        #expect(try await Self.enricher().enrich(letter).triage?.needsReview == false)
        letter.channelData[ContactEnvelope.needsReviewKey] = .bool(true)
        let t = try #require(await Self.enricher().enrich(letter).triage)
        #expect(t.needsReview && t.category == "pothole")
    }
}
