import Foundation
import IntakeCore
import IntakeServer
import IntakeTestSupport
import Testing
@testable import EmailChannel

/// XOAUTH2 against a real Dovecot whose oauth2 passdb asks a token introspection endpoint on
/// loopback (Docker/oauth2-introspection.py): one token is active for the mailbox's user.
@Suite("Email XOAUTH2", .serialized)
struct XOAuth2Tests {
    static let token = "ya29.test-\(UUID().uuidString)"

    static func writeToken(_ token: String, in mail: MailServers, name: String = "access-token") throws -> String {
        let path = "\(mail.directory)/\(name)"
        try Data((token + "\n").utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("with XOAUTH2 and the token from a file, the channel logs in and an appended mail becomes a case")
    func tokenFromFileMakesCase() async throws {
        try await MailServers.with(oauth2Token: Self.token) { mail in
            let tokenFile = try Self.writeToken(Self.token, in: mail)
            // The URL keeps no password: XOAUTH2 alone must log in.
            var settings = mail.settings()
            settings["INTAKE_IMAP_URL"] = "imap://311%40tucson.test@127.0.0.1:\(mail.imapPort)/INBOX"
            settings["INTAKE_EMAIL_AUTH"] = "xoauth2"
            settings["INTAKE_EMAIL_OAUTH_TOKEN_FILE"] = tokenFile
            try await TestStack.with { stack in
                try await RunningIntake.with(stack, settings: settings) { _ in
                    let id = "oauth-\(UUID().uuidString)@example.org"
                    try await mail.append(TestMail.message(subject: "Pothole", body: "A deep pothole in front of 1200 N Stone Ave.", messageID: id))
                    try await stack.waitForValue("SELECT count(*) FROM contacts WHERE channel = 'email' AND external_id = '\(id)'",
                                                 equals: "1", timeout: .seconds(30))
                    try await stack.waitForValue("SELECT count(*) FROM cases", equals: "1")
                    try await mail.waitForCount("processed", equals: 1)
                    let answer = try #require(try await mail.waitForReceived(1).first)
                    #expect(answer.mail.inReplyTo == [id])
                }
            }
            let log = try String(contentsOfFile: "\(mail.directory)/dovecot/dovecot.log", encoding: .utf8)
            #expect(log.contains("method=XOAUTH2"), "Dovecot saw no XOAUTH2 login")
        }
    }

    @Test("the token from INTAKE_EMAIL_OAUTH_TOKEN_COMMAND logs in; a wrong token is refused with the server's reason")
    func tokenCommandAndWrongToken() async throws {
        try await MailServers.with(oauth2Token: Self.token) { mail in
            let tokenFile = try Self.writeToken(Self.token, in: mail)
            let wrongFile = try Self.writeToken("not-the-token", in: mail, name: "wrong-token")
            var reader = SettingsReader([
                "INTAKE_IMAP_URL": "imap://311%40tucson.test@127.0.0.1:\(mail.imapPort)/INBOX",
                "INTAKE_EMAIL_AUTH": "xoauth2",
                "INTAKE_EMAIL_OAUTH_TOKEN_COMMAND": "cat '\(tokenFile)'",
            ])
            let byCommand = try #require(EmailSettings.read(&reader))
            #expect(reader.problems.isEmpty, "\(reader.problems)")
            #expect(byCommand.auth == .xoauth2 && byCommand.oauthTokenFile == nil)
            let wrong = { var w = byCommand; w.oauthTokenCommand = "cat '\(wrongFile)'"; return w }()
            try await mail.append(TestMail.message(subject: "Graffiti", body: "Graffiti at 10 E Congress St"))
            try await BlockingQueue(label: "xoauth2").run {
                let s = IMAPSession()
                try s.connect(byCommand.imap, auth: byCommand.auth, token: byCommand.oauthToken)
                #expect(try s.select("INBOX") > 0)
                #expect(try s.uids(after: 0).count == 1)
                s.close()
                do {
                    try IMAPSession().connect(wrong.imap, auth: wrong.auth, token: wrong.oauthToken)
                    Issue.record("a wrong token was accepted")
                } catch let e as MailSessionError {
                    guard case .auth = e else { Issue.record("not a login refusal: \(e)"); return }
                    #expect(e.description.contains("login refused"), "\(e)")
                    #expect(e.description.lowercased().contains("authentication failed"), "\(e)")
                }
            }
        }
    }
}
