import Foundation
import Testing
@testable import EmailChannel

@Suite struct OutgoingMailTests {
    @Test func answerRoundTripsThroughTheParser() throws {
        let text = "Gracias por escribir al 311. Su número de caso es TUC-2026-000042.\n\nSi alguien está en peligro, llame al 911."
        let mail = OutgoingMail(
            from: "311@tucson.test", fromName: "Tucson 311 — Ciudad", to: "ana@example.org",
            subject: "Re: Bache en la calle Ñandú, frente a la escuela, otra vez más grande [TUC-2026-000042]",
            text: text, html: "<p>Gracias</p>", messageID: AnswerMessageID.make(caseRef: "TUC-2026-000042", domain: "tucson.test"),
            inReplyTo: "abc@example.org", references: ["root@example.org", "abc@example.org"], language: "es")
        let raw = mail.rendered()
        #expect(raw.allSatisfy { $0 < 128 }, "the message is 7-bit clean")
        let parsed = try MailParser.parse(raw)
        #expect(parsed.subject == mail.subject)
        #expect(parsed.plainBody == text)
        #expect(parsed.htmlBody == "Gracias")
        #expect(parsed.inReplyTo == ["abc@example.org"])
        #expect(parsed.references == ["root@example.org", "abc@example.org"])
        #expect(parsed.from == MailAddress(address: "311@tucson.test", name: "Tucson 311 — Ciudad"))
        #expect(parsed.headers.text("Auto-Submitted") == "auto-replied")
        // Our own answer, read back, is never a case, and a reply to it finds the case.
        #expect(MailLoopSignal.detect(parsed, ownAddress: "311@tucson.test") == .ownAddress)
        #expect(AnswerMessageID.caseRef(in: [try #require(parsed.messageID)], prefix: "TUC") == "TUC-2026-000042")
    }

    @Test func bareSubjectDropsReplyPrefixesAndOurReference() {
        #expect(EmailAnswers.bareSubject("RE: Re: AW: Pothole [TUC-2026-000001]", ref: "TUC-2026-000001") == "Pothole")
        #expect(EmailAnswers.bareSubject("Fwd: Bache", ref: nil) == "Bache")
    }
}
