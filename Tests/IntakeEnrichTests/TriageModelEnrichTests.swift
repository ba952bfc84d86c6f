import Foundation
import IntakeCore
import IntakeEnrich
import IntakeLocate
import IntakeTriage
import Testing

@Suite("The enrich stage with a triage model")
struct TriageModelEnrichTests {
    static let rulesPath: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(TriageRules.defaultRelativePath).path
    }()

    static func contact(_ text: String) -> ContactEnvelope {
        ContactEnvelope(id: "sms:SM\(text.count)", channel: "sms", adapter: "twilio-sms", sender: Sender(kind: .phone, address: "+15205550100"),
                        language: "en", text: text)
    }

    @Test("the rules decide where they match; the model only where they found no category, and says so")
    func modelWhereRulesFindNothing() async throws {
        let triage = try TriageEngine(path: Self.rulesPath)
        let model = NaiveBayes.train((0..<5).flatMap { _ in
            [NaiveBayes.Document(TrainingExample(text: "qqzx vrrm zorp", category: "pothole")),
             NaiveBayes.Document(TrainingExample(text: "blorf", category: "graffiti"))]
        })
        let geocoder = try Geocoder.load(gazetteer: nil, geoDirectory: nil)
        let withModel = CityEnricher(geocoder: geocoder, remote: nil, triage: triage, model: model)
        let rulesOnly = CityEnricher(geocoder: geocoder, remote: nil, triage: triage)

        let unknown = Self.contact("qqzx vrrm zorp")
        #expect(await rulesOnly.enrich(unknown).triage?.category == triage.rules.defaultCategory)
        let decided = try #require(await withModel.enrich(unknown).triage)
        #expect(decided.category == "pothole")
        #expect(decided.matched.contains { $0.hasPrefix("model ") })

        let matched = Self.contact("graffiti on the wall blorf")
        let byRules = try #require(await withModel.enrich(matched).triage)
        #expect(byRules.category == "graffiti")
        #expect(!byRules.matched.contains { $0.hasPrefix("model ") })
    }
}
