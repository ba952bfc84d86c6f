import Foundation
import IntakeCore
import Testing

@Suite("Case references, language, trace context, redaction")
struct SupportTests {
    @Test("references have six digits at least, and read back in the forms residents write")
    func references() {
        #expect(CaseReference(prefix: "TUC", year: 2026, number: 123).description == "TUC-2026-000123")
        #expect(CaseReference(prefix: "TUC", year: 2026, number: 1_234_567).description == "TUC-2026-1234567")
        #expect(CaseReference(parsing: "tuc-2026-000123") == CaseReference(prefix: "TUC", year: 2026, number: 123))
        #expect(CaseReference(parsing: "TUC 2026 123") == CaseReference(prefix: "TUC", year: 2026, number: 123))
        #expect(CaseReference(parsing: "TUC-26-000123") == nil)
        #expect(CaseReference.first(in: "about case tuc-2026-000042, still broken", prefix: "TUC")?.description == "TUC-2026-000042")
        #expect(CaseReference.first(in: "nothing to see", prefix: "TUC") == nil)
    }

    @Test("Spanish and English are told apart in short messages", arguments: [
        ("Hay un bache enorme en la esquina", "es"),
        ("¿Pueden recoger la basura?", "es"),
        ("There is a pothole on my street", "en"),
        ("Streetlight out at the corner", "en"),
        ("TUC-2026-000001", "en"),
    ])
    func language(text: String, expected: String) {
        #expect(LanguageGuess.language(of: text) == expected)
    }

    @Test("traceparent parses, and a child keeps the trace with a new span")
    func traceparent() throws {
        let t = try #require(TraceParent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
        #expect(t.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(t.sampled)
        let c = t.child()
        #expect(c.traceID == t.traceID && c.spanID != t.spanID)
        #expect(TraceParent(c.description) == c)
        #expect(TraceParent("00-00000000000000000000000000000000-00f067aa0ba902b7-01") == nil)
        #expect(TraceParent("garbage") == nil)
        // Upper-case hex is read as lower case; a later version's extra fields are ignored.
        let upper = try #require(TraceParent("00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-00-extra"))
        #expect(upper.traceID == "4bf92f3577b34da6a3ce929d0e0e4736" && upper.spanID == "00f067aa0ba902b7" && !upper.sampled)
        #expect(TraceParent("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01") == nil)
        #expect(TraceParent("00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01") == nil)
        #expect(TraceParent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x") == nil)
        #expect(TraceParent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1") == nil)
    }

    @Test("redaction hides the words but follows the same value")
    func redaction() {
        let r = Redacted("+15205550123").description
        #expect(!r.contains("5550123"))
        #expect(r == Redacted("+15205550123").description)
        #expect(r != Redacted("+15205550124").description)
    }

    @Test("topics under the default and a custom prefix")
    func topics() {
        let t = TopicTree()
        #expect(t.contact(channel: "sms") == "311/v1/contact/sms")
        #expect(t.caseEvent(ref: "TUC-2026-000001") == "311/v1/case/TUC-2026-000001/event")
        #expect(TopicTree.shared(group: "enrich", t.allContacts) == "$share/enrich/311/v1/contact/+")
        #expect(TopicTree(prefix: "city/311/").receipt(adapter: "twilio-sms") == "city/311/receipt/twilio-sms")
    }
}
