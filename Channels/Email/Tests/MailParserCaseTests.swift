import Foundation
import Testing
@testable import EmailChannel

/// Table-driven MIME cases: transfer encodings, charsets, encoded words, RFC 2231.
@Suite struct MailParserCaseTests {
    struct Case: CustomStringConvertible, Sendable {
        var description: String
        var message: String
        var subject: String
        var text: String
    }

    static let cases: [Case] = [
        Case(description: "quoted-printable latin-1",
             message: "From: a@example.com\r\nSubject: Bache\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nHay un bache en la calle, se=F1or. Est=E1 ah=ED desde=\r\n hace un mes.\r\n",
             subject: "Bache", text: "Hay un bache en la calle, señor. Está ahí desde hace un mes."),
        Case(description: "base64 utf-8 with an encoded-word subject",
             message: "From: a@example.com\r\nSubject: =?UTF-8?Q?Farola_rota_en_la_esquina?= =?UTF-8?B?IMKh?=\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" + Data("La farola está rota ¡otra vez!".utf8).base64EncodedString() + "\r\n",
             subject: "Farola rota en la esquina ¡", text: "La farola está rota ¡otra vez!"),
        Case(description: "windows-1251",
             message: "From: a@example.com\r\nSubject: x\r\nContent-Type: text/plain; charset=windows-1251\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n=CF=F0=E8=E2=E5=F2\r\n",
             subject: "x", text: "Привет"),
        Case(description: "unknown charset falls back without losing the text",
             message: "From: a@example.com\r\nSubject: x\r\nContent-Type: text/plain; charset=fakescii\r\n\r\nplain words\r\n",
             subject: "x", text: "plain words"),
        Case(description: "no content type at all",
             message: "From: a@example.com\r\nSubject: streetlight\r\n\r\nThe light at 5th is out.\r\n",
             subject: "streetlight", text: "The light at 5th is out."),
        Case(description: "alternative prefers the plain part",
             message: "From: a@example.com\r\nSubject: alt\r\nContent-Type: multipart/alternative; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nplain version\r\n--b\r\nContent-Type: text/html\r\n\r\n<p>html version</p>\r\n--b--\r\n",
             subject: "alt", text: "plain version"),
        Case(description: "html only with entities and breaks",
             message: "From: a@example.com\r\nSubject: h\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><head><style>p{}</style></head><body><p>Graffiti &amp; trash</p><div>at the park<br>since Monday&nbsp;&#8212; thanks</div></body></html>\r\n",
             subject: "h", text: "Graffiti & trash\n\nat the park\nsince Monday — thanks"),
    ]

    @Test(arguments: cases)
    func decodes(_ c: Case) throws {
        let mail = try MailParser.parse(Array(c.message.utf8))
        #expect(mail.subject == c.subject)
        #expect(mail.bodyText.trimmingCharacters(in: .whitespacesAndNewlines) == c.text)
    }

    @Test func rfc2231ParameterWithCharsetAndPercentEncoding() {
        let p = HeaderText.parameters([("filename*", "iso-8859-1'es'foto%20calle%F1a.jpg"), ("size", "12")])
        #expect(p["filename"] == "foto calleña.jpg")
        #expect(p["size"] == "12")
        let continued = HeaderText.parameters([("name*1", "part two"), ("name*0", "part one, ")])
        #expect(continued["name"] == "part one, part two")
    }

    @Test func attachmentBytesSurviveBase64ExactlyAndKeepTheirType() throws {
        let payload: [UInt8] = (0..<600).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let b64 = Data(payload).base64EncodedString(options: .lineLength76Characters)
        let message = "From: a@example.com\r\nSubject: photo\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\nContent-Type: text/plain\r\n\r\nsee photo\r\n--XX\r\nContent-Type: image/jpeg; name=\"hole.jpg\"\r\nContent-Disposition: attachment; filename*=utf-8''hoyo%20grande.jpg\r\nContent-Transfer-Encoding: base64\r\n\r\n\(b64)\r\n--XX--\r\n"
        let mail = try MailParser.parse(Array(message.utf8))
        #expect(mail.bodyText.trimmingCharacters(in: .whitespacesAndNewlines) == "see photo")
        let part = try #require(mail.parts.first)
        #expect(part.mediaType == "image/jpeg")
        #expect(part.name == "hoyo grande.jpg")
        #expect(part.bytes == payload)
    }

    @Test func threadingHeadersAreRead() throws {
        let message = "From: \"Ana Pérez\" <ana@example.com>\r\nReply-To: ana.p@example.org\r\nMessage-ID: <abc@mail.example.com>\r\nIn-Reply-To: <intake311.TUC-2026-000123.0011@tucsonaz.gov>\r\nReferences: <first@x> <intake311.TUC-2026-000123.0011@tucsonaz.gov>\r\nSubject: Re: City of Tucson 311\r\n\r\nstill broken\r\n"
        let mail = try MailParser.parse(Array(message.utf8))
        #expect(mail.messageID == "abc@mail.example.com")
        #expect(mail.inReplyTo == ["intake311.TUC-2026-000123.0011@tucsonaz.gov"])
        #expect(mail.references == ["first@x", "intake311.TUC-2026-000123.0011@tucsonaz.gov"])
        #expect(mail.from == MailAddress(address: "ana@example.com", name: "Ana Pérez"))
        #expect(mail.answerAddress?.address == "ana.p@example.org")
        #expect(EmailContact.followedCase(mail, text: "still broken", prefix: "TUC") == "TUC-2026-000123")
    }

    @Test func emptyOrHeaderlessInputIsRefused() {
        #expect(throws: MailParseError.empty) { try MailParser.parse([]) }
        #expect(throws: MailParseError.noHeaders) { try MailParser.parse(Array("\r\n\r\njust a body".utf8)) }
    }
}
