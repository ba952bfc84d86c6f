import Foundation
import IntakeCore
import IntakeTestSupport
import Testing
@testable import EmailChannel

@Suite struct EmailSettingsTests {
    @Test(arguments: [
        ("imaps://311%40tucsonaz.gov:p%40ss@imap.example.com/INBOX", "imap", MailServerURL.Security.tls, UInt16(993), "INBOX", String?("311@tucsonaz.gov"), String?("p@ss")),
        ("imap://u:p@mail.example.com/311/Inbox", "imap", .startTLS, 143, "311/Inbox", "u", "p"),
        ("imap://u:p@127.0.0.1:10143", "imap", .plain, 10143, "INBOX", "u", "p"),
        ("smtps://u:p@smtp.example.com", "smtp", .tls, 465, "INBOX", "u", "p"),
        ("smtp://smtp.example.com", "smtp", .startTLS, 587, "INBOX", nil, nil),
        ("smtp://localhost:2525", "smtp", .plain, 2525, "INBOX", nil, nil),
    ])
    func serverURLs(text: String, proto: String, security: MailServerURL.Security, port: UInt16, mailbox: String, user: String?, password: String?) throws {
        let u = try #require(MailServerURL(text, protocol: proto))
        #expect(u.security == security)
        #expect(u.port == port)
        #expect(u.mailbox == mailbox)
        #expect(u.user == user)
        #expect(u.password == password)
    }

    @Test func wrongSchemesAreRefused() {
        #expect(MailServerURL("http://x", protocol: "imap") == nil)
        #expect(MailServerURL("smtp://x", protocol: "imap") == nil)
        #expect(MailServerURL("imap://", protocol: "imap") == nil)
    }

    @Test func channelIsOffWithoutTheMailboxAndPasswordsComeFromFiles() throws {
        var off = SettingsReader([:])
        #expect(EmailSettings.read(&off) == nil)
        #expect(off.problems.isEmpty)

        let dir = try Paths.temporaryDirectory("email-settings")
        try "imap-secret\n".write(toFile: "\(dir)/imap", atomically: true, encoding: .utf8)
        try "smtp-secret".write(toFile: "\(dir)/smtp", atomically: true, encoding: .utf8)
        var r = SettingsReader([
            "INTAKE_IMAP_URL": "imaps://311%40tucsonaz.gov@imap.example.com/INBOX",
            "INTAKE_SMTP_URL": "smtps://311%40tucsonaz.gov@smtp.example.com",
            "INTAKE_IMAP_PASSWORD_FILE": "\(dir)/imap", "INTAKE_SMTP_PASSWORD_FILE": "\(dir)/smtp",
            "INTAKE_IMAP_IDLE": "off", "INTAKE_IMAP_POLL_SECONDS": "5",
        ])
        let s = try #require(EmailSettings.read(&r))
        #expect(r.problems.isEmpty)
        #expect(s.imap.password == "imap-secret")
        #expect(s.smtp?.password == "smtp-secret")
        #expect(s.address == "311@tucsonaz.gov")
        #expect(!s.idle)
        #expect(s.pollInterval == .seconds(5))
    }

    @Test func xoauth2NeedsATokenSourceAndReadsItFreshEachTime() throws {
        var missing = SettingsReader(["INTAKE_IMAP_URL": "imaps://u@h/INBOX", "INTAKE_EMAIL_AUTH": "xoauth2"])
        _ = EmailSettings.read(&missing)
        #expect(missing.problems.map(\.key) == ["INTAKE_EMAIL_AUTH"])

        var r = SettingsReader(["INTAKE_IMAP_URL": "imaps://u@h/INBOX", "INTAKE_EMAIL_AUTH": "xoauth2",
                                "INTAKE_EMAIL_OAUTH_TOKEN_COMMAND": "echo ya29.token-from-command"])
        let s = try #require(EmailSettings.read(&r))
        #expect(r.problems.isEmpty)
        #expect(s.auth == .xoauth2)
        #expect(try s.oauthToken() == "ya29.token-from-command")
    }

    @Test func badURLIsAProblemNotACrash() {
        var r = SettingsReader(["INTAKE_IMAP_URL": "ftp://user:secret@host"])
        #expect(EmailSettings.read(&r) == nil)
        #expect(r.problems.first?.key == "INTAKE_IMAP_URL")
        #expect(!(r.problems.first?.description.contains("secret") ?? true))
    }
}
