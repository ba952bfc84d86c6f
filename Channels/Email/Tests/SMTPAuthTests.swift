import Foundation
import IntakeCore
import IntakeTestSupport
import Testing
@testable import EmailChannel

/// The channel's SMTP sender logs in to a receiver that requires AUTH before MAIL
/// (Docker/smtp-receiver.py): LOGIN, PLAIN and XOAUTH2, and a wrong secret is refused.
@Suite("Email SMTP AUTH", .serialized)
struct SMTPAuthTests {
    static let password = "smtp-secret-311"
    static let token = "ya29.smtp-test-token"
    static let auth: (password: String?, token: String?) = (password, token)

    static func message(_ subject: String) -> [UInt8] {
        [UInt8](TestMail.message(from: MailServers.user, subject: subject, body: "Your case number is TUC-2026-000001.").utf8)
    }

    static func write(_ text: String, in mail: MailServers, name: String) throws -> String {
        let path = "\(mail.directory)/\(name)"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func settings(_ values: [String: String], mail: MailServers) throws -> EmailSettings {
        var all = values
        all["INTAKE_IMAP_URL"] = mail.imapURL
        var reader = SettingsReader(all)
        let s = try #require(EmailSettings.read(&reader))
        #expect(reader.problems.isEmpty, "\(reader.problems)")
        return s
    }

    static func sender(_ s: EmailSettings) throws -> SMTPSender {
        SMTPSender(server: try #require(s.smtp), auth: s.auth, tls: s.tls, token: { try s.oauthToken() })
    }

    @Test("a message without AUTH is refused by the receiver")
    func withoutAuthRefused() async throws {
        try await MailServers.with(smtpAuth: Self.auth) { mail in
            let server = try #require(MailServerURL(mail.smtpURL, protocol: "smtp"))
            do {
                try await SMTPSender(server: server, auth: .login, token: { "" }).send(Self.message("no auth"), from: MailServers.user, to: ["r@example.org"])
                Issue.record("mail without AUTH was accepted")
            } catch let e as MailSessionError {
                #expect(e.description.contains("MAIL FROM"), "\(e)")
            }
            #expect(try mail.received().isEmpty)
        }
    }

    @Test("LOGIN with the password in the URL, and from INTAKE_SMTP_PASSWORD_FILE; PLAIN; each message received")
    func loginAndPlain() async throws {
        try await MailServers.with(smtpAuth: Self.auth) { mail in
            let base = "smtp://311%40tucson.test@127.0.0.1:\(mail.smtpPort)"
            let inURL = try Self.settings(["INTAKE_SMTP_URL": "smtp://311%40tucson.test:\(Self.password)@127.0.0.1:\(mail.smtpPort)"], mail: mail)
            #expect(inURL.auth == .login)
            try await Self.sender(inURL).send(Self.message("login url"), from: MailServers.user, to: ["r@example.org"])
            let file = try Self.write(Self.password + "\n", in: mail, name: "smtp-password")
            let fromFile = try Self.settings(["INTAKE_SMTP_URL": base, "INTAKE_SMTP_PASSWORD_FILE": file], mail: mail)
            try await Self.sender(fromFile).send(Self.message("login file"), from: MailServers.user, to: ["r@example.org"])
            let plain = try Self.settings(["INTAKE_SMTP_URL": base, "INTAKE_SMTP_PASSWORD_FILE": file, "INTAKE_EMAIL_AUTH": "plain"], mail: mail)
            #expect(plain.auth == .plain)
            try await Self.sender(plain).send(Self.message("plain"), from: MailServers.user, to: ["r@example.org"])
            let got = try await mail.waitForReceived(3)
            #expect(Set(got.map { $0.mail.subject ?? "" }) == ["login url", "login file", "plain"])
        }
    }

    @Test("a wrong password is refused with the server's reason, for LOGIN and PLAIN", arguments: [EmailSettings.Auth.login, .plain])
    func wrongPassword(auth: EmailSettings.Auth) async throws {
        try await MailServers.with(smtpAuth: Self.auth) { mail in
            let server = try #require(MailServerURL("smtp://311%40tucson.test:wrong@127.0.0.1:\(mail.smtpPort)", protocol: "smtp"))
            do {
                try await SMTPSender(server: server, auth: auth, token: { "" }).send(Self.message("wrong"), from: MailServers.user, to: ["r@example.org"])
                Issue.record("a wrong password was accepted (\(auth))")
            } catch let e as MailSessionError {
                #expect(e.description.contains("AUTH \(auth.rawValue.uppercased())"), "\(e)")
                #expect(e.description.contains("Authentication credentials invalid"), "\(e)")
            }
            #expect(try mail.received().isEmpty)
        }
    }

    @Test("XOAUTH2 with the token from INTAKE_EMAIL_OAUTH_TOKEN_FILE is received; a wrong token is refused")
    func xoauth2() async throws {
        try await MailServers.with(smtpAuth: Self.auth) { mail in
            let base = "smtp://311%40tucson.test@127.0.0.1:\(mail.smtpPort)"
            let good = try Self.write(Self.token, in: mail, name: "token")
            let wrong = try Self.write("not-the-token", in: mail, name: "wrong-token")
            let s = try Self.settings(["INTAKE_SMTP_URL": base, "INTAKE_EMAIL_AUTH": "xoauth2", "INTAKE_EMAIL_OAUTH_TOKEN_FILE": good], mail: mail)
            #expect(s.auth == .xoauth2)
            try await Self.sender(s).send(Self.message("xoauth2"), from: MailServers.user, to: ["r@example.org"])
            let got = try await mail.waitForReceived(1)
            #expect(got.count == 1 && got[0].mail.subject == "xoauth2")
            let w = try Self.settings(["INTAKE_SMTP_URL": base, "INTAKE_EMAIL_AUTH": "xoauth2", "INTAKE_EMAIL_OAUTH_TOKEN_FILE": wrong], mail: mail)
            do {
                try await Self.sender(w).send(Self.message("wrong token"), from: MailServers.user, to: ["r@example.org"])
                Issue.record("a wrong token was accepted")
            } catch let e as MailSessionError {
                #expect(e.description.contains("AUTH XOAUTH2"), "\(e)")
                #expect(e.description.contains("Authentication credentials invalid"), "\(e)")
            }
            #expect(try mail.received().count == 1)
        }
    }
}
