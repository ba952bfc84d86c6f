import Foundation
import IntakeCore
import IntakeTestSupport
import Testing
import TwilioSupport

/// The questions an SMS case may need, through the whole pipeline: the resident is asked which
/// problem it is or whether the place is right, and their answer updates the case.
@Suite("Resident questions over SMS")
struct ResidentConversationTests {
    static func caseRef(in twiml: String) -> String? {
        CaseReference.first(in: twiml, prefix: "TUC")?.description
    }

    @Test("an unsure report asks which problem it is; the resident's number files the case and is kept as a training row")
    func whichProblem() async throws {
        try await ChannelHarness.with(stages: [.adapters, .enrich, .writer], settings: try Paths.geoSettings()) { h in
            let from = "+15205550188"
            let first = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: "graffiti on the streetlight pole", from: from))
            let ref = try #require(Self.caseRef(in: first.body), "\(first.body)")
            #expect(first.body.contains("Which is it? Reply 1 for"), "\(first.body)")
            #expect(first.body.contains("3 for something else"), "\(first.body)")
            try await h.stack.waitForValue("SELECT needs_review::text FROM cases WHERE ref = $1", [ref], equals: "true")
            // Option 1 is triage's best guess, which the case holds; the resident picks option 2.
            let second = first.body.contains("2 for Graffiti") ? "graffiti" : "streetlight"

            let answer = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: "2", from: from))
            #expect(answer.body.contains("Case \(ref) is filed as"), "\(answer.body)")
            try await h.stack.waitForValue("SELECT category || ' ' || needs_review::text || ' ' || contact_count FROM cases WHERE ref = $1",
                                           [ref], equals: "\(second) false 2")
            try await h.stack.waitForValue("SELECT count(*) FROM cases", equals: "1")
            // A category changed after filing is a training row with the report's words, not the "2".
            try await h.stack.waitForValue("SELECT string_agg(text, '|' ORDER BY text) FROM triage_training WHERE case_ref = $1",
                                           [ref], equals: "graffiti on the streetlight pole")

            // The question was answered: a later "1" is a message of its own.
            let later = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: "2", from: from))
            #expect(!later.body.contains("is filed as"), "\(later.body)")
        }
    }

    @Test("in Spanish the question and the thanks are in Spanish, and 'otra cosa' is the resident's own choice")
    func inSpanish() async throws {
        try await ChannelHarness.with(stages: [.adapters, .enrich, .writer], settings: try Paths.geoSettings()) { h in
            let from = "+15205550189"
            let first = try await h.post("/twilio/sms?lang=es", TestTwilio.smsParameters(body: "grafiti en la lámpara", from: from))
            let ref = try #require(Self.caseRef(in: first.body), "\(first.body)")
            #expect(first.body.contains("Responda 1 para"), "\(first.body)")
            let answer = try await h.post("/twilio/sms?lang=es", TestTwilio.smsParameters(body: "otra cosa", from: from))
            #expect(answer.body.contains("El caso \(ref) quedó registrado como Otra cosa"), "\(answer.body)")
            try await h.stack.waitForValue("SELECT category || ' ' || needs_review::text FROM cases WHERE ref = $1", [ref], equals: "other false")
        }
    }

    @Test("a place the geocoder doubts is asked about; YES puts the case there")
    func didYouMean() async throws {
        try await ChannelHarness.with(stages: [.adapters, .enrich, .writer], settings: try Paths.geoSettings()) { h in
            let from = "+15205550190"
            let first = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: "big pothole at 220 W 5th St", from: from))
            let ref = try #require(Self.caseRef(in: first.body), "\(first.body)")
            #expect(first.body.contains("Did you mean 220 E 5th St"), "\(first.body)")
            #expect(first.body.contains("Reply YES or send the address again"), "\(first.body)")
            try await h.stack.waitForValue("SELECT coalesce(geo_method, '-') || ' ' || (lat IS NULL)::text FROM cases WHERE ref = $1",
                                           [ref], equals: "unmatched true")

            let yes = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: "Yes", from: from))
            #expect(yes.body.contains("The place for case \(ref) is noted"), "\(yes.body)")
            try await h.stack.waitForValue("SELECT (lat IS NOT NULL)::text || ' ' || split_part(location_text, ',', 1) FROM cases WHERE ref = $1",
                                           [ref], equals: "true 220 E 5th St")
            try await h.stack.waitForValue("SELECT jurisdiction FROM cases WHERE ref = $1", [ref], equals: "City of Tucson")
        }
    }

    @Test("'no' asks for the address again, and the address sent is geocoded onto the case; a new report drops the question")
    func addressAgain() async throws {
        try await ChannelHarness.with(stages: [.adapters, .enrich, .writer], settings: try Paths.geoSettings()) { h in
            let from = "+15205550191"
            let first = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: "big pothole at 220 W 5th St", from: from))
            let ref = try #require(Self.caseRef(in: first.body), "\(first.body)")
            let no = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: "no", from: from))
            #expect(no.body.contains("Please send the address again"), "\(no.body)")
            let address = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: "220 E 5th St", from: from))
            #expect(address.body.contains("The place for case \(ref) is noted"), "\(address.body)")
            try await h.stack.waitForValue("SELECT (lat IS NOT NULL)::text || ' ' || contact_count FROM cases WHERE ref = $1",
                                           [ref], equals: "true 3")

            let other = "+15205550192"
            let second = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: "big pothole at 220 W 5th St", from: other))
            let secondRef = try #require(Self.caseRef(in: second.body), "\(second.body)")
            let report = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: "also the streetlight at oracle and roger is out", from: other))
            let thirdRef = try #require(Self.caseRef(in: report.body), "\(report.body)")
            #expect(thirdRef != secondRef)
        }
    }
}
