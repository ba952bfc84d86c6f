import Foundation
import IntakeCore
import Testing
@testable import EmailChannel

@Suite struct MailLoopAndTextTests {
    static func mail(_ headers: String, body: String = "hello") throws -> ParsedMail {
        try MailParser.parse(Array("From: Resident <res@example.com>\r\nSubject: s\r\n\(headers)\r\n\(body)\r\n".utf8))
    }

    @Test(arguments: [
        ("Auto-Submitted: auto-replied\r\n", MailLoopSignal?.some(.autoReply)),
        ("Auto-Submitted: auto-generated\r\n", .autoReply),
        ("Auto-Submitted: no\r\n", nil),
        ("X-Autoreply: yes\r\n", .autoReply),
        ("Precedence: bulk\r\n", .bulk),
        ("Precedence: junk\r\n", .bulk),
        ("Precedence: list\r\n", .bulk),
        ("List-Id: <news.example.com>\r\n", .bulk),
        ("Return-Path: <>\r\n", .bounce),
        ("Content-Type: multipart/report; report-type=delivery-status; boundary=z\r\n", .bounce),
        ("", nil),
    ])
    func loopSignals(headers: String, expected: MailLoopSignal?) throws {
        #expect(MailLoopSignal.detect(try Self.mail(headers), ownAddress: "311@tucsonaz.gov") == expected)
    }

    @Test func ownAddressIsNeverACase() throws {
        let m = try MailParser.parse(Array("From: 311 <311@TucsonAZ.gov>\r\nSubject: x\r\n\r\nour own answer\r\n".utf8))
        #expect(MailLoopSignal.detect(m, ownAddress: "311@tucsonaz.gov") == .ownAddress)
    }

    @Test(arguments: [
        ("Pothole here.\n\nOn Mon, Apr 2, 2012 at 6:26 PM, 311 <311@tucsonaz.gov> wrote:\n> Thank you", "Pothole here."),
        ("Sigue roto.\n\nEl lun, 2 abr 2012 a las 18:26, 311 <311@tucsonaz.gov> escribió:\n> Gracias", "Sigue roto."),
        ("Still there.\n\n-----Original Message-----\nFrom: 311\nSent: Monday\n\nThank you", "Still there."),
        ("Trash not picked up\n\n-- \nAna\n555-1234", "Trash not picked up"),
        ("Broken sign\n\nSent from my iPhone", "Broken sign"),
        ("Broken sign\nEnviado desde mi iPhone", "Broken sign"),
        ("Lamp out.\n\nFrom: 311 <311@tucsonaz.gov>\nSent: Tuesday, May 5\nTo: me\nSubject: x\n\nold text", "Lamp out."),
        ("> quoted only line\nnew words", "new words"),
    ])
    func residentWords(body: String, expected: String) {
        #expect(ResidentText.strip(body) == expected)
    }

    @Test func streetAddressBecomesLocationText() throws {
        let m = try MailParser.parse(Array("From: r@example.com\r\nMessage-ID: <x1@example.com>\r\nSubject: Pothole\r\n\r\nThere is a deep pothole in front of 1200 N Stone Ave, please fix.\r\n".utf8))
        let c = EmailContact.envelope(mail: m, raw: [], attachments: [], caseReferencePrefix: "TUC")
        #expect(c.location?.text == "1200 N Stone Ave")
        #expect(c.location?.source == .resident)
        #expect(c.caseRef == nil)
        #expect(c.sender == Sender(kind: .email, address: "r@example.com"))
        #expect(c.id == EmailContact.contactID(messageID: "x1@example.com", raw: [1, 2, 3]))
    }

    @Test(arguments: [
        ("Hay un bache frente a 1200 N Stone Ave.", "1200 N Stone Ave"),
        ("Graffiti at 300 S Main Ave on the underpass", "300 S Main Ave"),
        ("La basura en Calle Libertad 45 no se recoge", "Calle Libertad 45"),
        ("The streetlight is out again", nil),
    ])
    func streetAddresses(text: String, expected: String?) {
        #expect(StreetAddress.first(in: text) == expected)
    }

    @Test func subjectReferenceMakesAFollowUpAndSpanishIsGuessed() throws {
        let m = try MailParser.parse(Array("From: r@example.com\r\nSubject: Re: [TUC-2026-000777] bache\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nEl bache sigue ahí y está más grande, por favor vengan pronto.\r\n".utf8))
        let c = EmailContact.envelope(mail: m, raw: Array("x".utf8), attachments: [], caseReferencePrefix: "TUC")
        #expect(c.caseRef == "TUC-2026-000777")
        #expect(c.language.hasPrefix("es"))
        // Without a Message-ID the id is a hash of the bytes: the same bytes, the same contact.
        #expect(c.id == EmailContact.contactID(messageID: nil, raw: Array("x".utf8)))
        #expect(c.id != EmailContact.contactID(messageID: nil, raw: Array("y".utf8)))
        #expect(try ContactSchema.shared.get().validate(JSONReader.parse(IntakeJSON.encode(c))) == nil)
    }

    @Test func answerLimiterCapsAnswersPerSenderPerHour() {
        let limiter = AnswerLimiter(perHour: 2)
        let t0 = Date()
        #expect(limiter.allow("A@x.org", now: t0))
        #expect(limiter.allow("a@x.org", now: t0))
        #expect(!limiter.allow("a@x.org", now: t0.addingTimeInterval(60)))
        #expect(limiter.allow("b@x.org", now: t0))
        #expect(limiter.allow("a@x.org", now: t0.addingTimeInterval(3601)))
    }
}
