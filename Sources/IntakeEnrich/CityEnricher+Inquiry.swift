public import IntakeCore
import IntakeTriage
import Metrics

extension CityEnricher {
    /// The inquiry verdict of a contact, or nil for a service request. A contact that names a case,
    /// answers a question about one, or raised an emergency tier is always a request; one the
    /// channel already knows is a question (the IVR's "for information, press 3") is a question
    /// whatever its words, answered when an entry matches.
    func inquiry(_ contact: ContactEnvelope, geo: GeoResult, triage t: TriageResult, words: TriageReading? = nil) -> InquiryVerdict? {
        guard let inquiries, t.emergencyTier == nil, contact.caseRef == nil, contact.residentAnswer == nil else { return nil }
        var reading = words.map { inquiries.read(contact.text, reading: $0, triage: t) } ?? inquiries.read(contact.text, triage: t)
        if contact.channelData[ContactEnvelope.askedAsQuestionKey] == .bool(true), !reading.reportsProblem || reading.answerID != nil {
            reading.kind = .inquiry
        }
        guard let verdict = inquiries.verdict(reading, contactLanguage: contact.language, geo: geo) else { return nil }
        Counter(label: "intake_inquiries_total", dimensions: [("channel", contact.channel), ("answered", verdict.waitsForStaff ? "no" : "yes")])
            .increment()
        return verdict
    }
}
