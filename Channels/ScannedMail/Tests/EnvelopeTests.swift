import IntakeCore
@testable import ScannedMailChannel
import Testing

@Suite("Scanned mail contact")
struct EnvelopeTests {
    static func progress(confidences: [Int]) -> DocumentProgress {
        var p = DocumentProgress(sha256: String(repeating: "ab", count: 32), fileName: "scan-7.tif")
        p.format = "tiff"
        p.pageCount = confidences.count
        p.pages = confidences.enumerated().map { i, c in
            PageReading(text: i == 0 ? MailTestSupport.text([MailTestSupport.letter[0]]) : "Re: TUC-2026-000123, page \(i + 1)",
                        confidence: c, rotation: i == 1 ? 90 : 0)
        }
        return p
    }

    @Test("a readable letter of low confidence is still a contact, flagged for a person to review")
    func lowConfidence() {
        let c = ScannedMailContact.envelope(progress: Self.progress(confidences: [41, 38]), fileBytes: 9000, reviewConfidence: 60,
                                            caseReferencePrefix: "TUC")
        #expect(c.channelData["needs_review"] == .bool(true))
        #expect(c.channelData["ocr_confidence"] == .number(39))
        #expect(c.channelData["review_reason"]?.stringValue?.contains("39") == true)
        #expect(!c.text.isEmpty)
    }

    @Test("pages in order with their confidence and rotation, the file by hash, a quoted case reference, one id per file")
    func fields() {
        let p = Self.progress(confidences: [92, 88])
        let c = ScannedMailContact.envelope(progress: p, fileBytes: 9000, reviewConfidence: 60, caseReferencePrefix: "TUC")
        #expect(c.id == "mail:\(p.sha256)" && c.channel == "mail" && c.adapter == "scanned-mail")
        #expect(c.channelData["needs_review"] == nil)
        #expect(c.text.hasPrefix("Maria Lopez") && c.text.hasSuffix("page 2"))
        #expect(c.caseRef == "TUC-2026-000123")
        #expect(c.attachments == [Attachment(sha256: p.sha256, mediaType: "image/tiff", bytes: 9000, name: "scan-7.tif")])
        #expect(c.channelData["pages"] == .array([
            .object(["page": .number(1), "confidence": .number(92), "rotation": .number(0), "characters": .number(Double(p.pages[0].text.count))]),
            .object(["page": .number(2), "confidence": .number(88), "rotation": .number(90), "characters": .number(Double(p.pages[1].text.count))]),
        ]))
    }
}
