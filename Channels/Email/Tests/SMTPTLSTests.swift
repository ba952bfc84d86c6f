import Foundation
import IntakeCore
import IntakeServer
import IntakeTestSupport
import Testing
@testable import EmailChannel

/// Answers over SMTP with STARTTLS and over SMTPS (TLS from the first byte), to a real receiver
/// whose certificate comes from a CA made for the test.
@Suite("Email SMTP over TLS", .serialized)
struct SMTPTLSTests {
    @Test("the channel's answer is delivered over TLS when the CA is given", arguments: ["starttls", "smtps"])
    func answerDeliveredOverTLS(tls: String) async throws {
        try await MailServers.with(smtpTLS: tls) { mail in
            #expect(mail.smtpURL.hasPrefix(tls == "smtps" ? "smtps://" : "smtp://"))
            var settings = mail.settings()
            settings["INTAKE_EMAIL_TLS_CA_FILE"] = mail.caFile
            try await TestStack.with { stack in
                try await RunningIntake.with(stack, settings: settings) { _ in
                    let id = "tls-\(UUID().uuidString)@example.org"
                    try await mail.append(TestMail.message(subject: "Streetlight", body: "The streetlight at 500 W Speedway Blvd is out.", messageID: id))
                    try await stack.waitForValue("SELECT count(*) FROM contacts WHERE channel = 'email'", equals: "1", timeout: .seconds(30))
                    let answer = try #require(try await mail.waitForReceived(1).first)
                    #expect(answer.mail.inReplyTo == [id])
                    #expect(answer.mail.from?.address == MailServers.user)
                }
            }
        }
    }

    @Test("without the CA the receiver's certificate is refused, with the reason; with it the message goes", arguments: ["starttls", "smtps"])
    func certificateChecked(tls: String) async throws {
        try await MailServers.with(smtpTLS: tls) { mail in
            let server = try #require(MailServerURL(mail.smtpURL, protocol: "smtp"))
            #expect(server.security == (tls == "smtps" ? .tls : .startTLS))
            let message = [UInt8](TestMail.message(from: MailServers.user, subject: "Re: test", body: "Your case number is TUC-2026-000001.").utf8)
            do {
                try await SMTPSender(server: server, auth: .login, tls: TLSCheck(), token: { "" })
                    .send(message, from: MailServers.user, to: ["resident@example.org"])
                Issue.record("a certificate from an unknown CA was accepted (\(tls))")
            } catch let e as MailSessionError {
                #expect(e.description.contains("certificate is not valid"), "\(e)")
            }
            #expect(try mail.received().isEmpty)
            try await SMTPSender(server: server, auth: .login, tls: TLSCheck(caFile: mail.caFile), token: { "" })
                .send(message, from: MailServers.user, to: ["resident@example.org"])
            let got = try await mail.waitForReceived(1)
            #expect(got.count == 1 && got[0].mail.subject == "Re: test")
        }
    }
}
