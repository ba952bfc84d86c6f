@testable import IntakeLocate
import Testing

@Suite("Location spans inside a message")
struct LocationMentionsTests {
    /// "at 123 …" starts a span after the anchor and again at the house number: one set of spans.
    @Test func anchorBeforeHouseNumberIsOneStart() {
        let spans = LocationMentions.candidates(in: "Streetlight out at 123 N Stone Ave")
        #expect(spans == [["123", "n"], ["123", "n", "stone"], ["123", "n", "stone", "ave"]])
        #expect(Set(spans).count == spans.count)
    }

    /// Distinct starts keep their spans, in the order they are found, each length from two words.
    @Test func everyStartKeepsItsSpans() {
        let spans = LocationMentions.candidates(in: "Graffiti on the wall at 45 Congress St")
        #expect(spans.first == ["the", "wall"])
        #expect(spans.contains(["45", "congress", "st"]))
        #expect(spans.filter { $0.first == "45" }.count == 2)
        #expect(spans.filter { $0.first == "the" }.count == 5)
        #expect(Set(spans).count == spans.count)
    }
}
