import Foundation
import IntakeTestSupport
import Testing
@testable import EmailChannel

/// libetpan's IMAP client against a real Dovecot: logins, APPEND, MOVE, IDLE.
@Suite("IMAP session", .serialized)
struct IMAPSessionTests {
    static func connected(_ mail: MailServers, auth: EmailSettings.Auth, password: String = "secret-311") throws -> IMAPSession {
        var url = try #require(MailServerURL(mail.imapURL, protocol: "imap"))
        url.password = password
        let s = IMAPSession()
        try s.connect(url, auth: auth, token: { "" })
        return s
    }

    @Test("LOGIN and AUTHENTICATE PLAIN log in; a wrong password is refused")
    func logins() async throws {
        try await MailServers.with { mail in
            try await BlockingQueue(label: "test").run {
                for auth in [EmailSettings.Auth.login, .plain] {
                    let s = try Self.connected(mail, auth: auth)
                    #expect(try s.select("INBOX") > 0)
                    s.close()
                }
                #expect(throws: MailSessionError.self) { try Self.connected(mail, auth: .login, password: "wrong") }
            }
        }
    }

    @Test("APPEND, fetch byte-exact, MOVE to a created folder, and IDLE wakes on a new mail")
    func appendFetchMoveIdle() async throws {
        try await MailServers.with { mail in
            let bytes = Array(TestMail.message(subject: "x", body: "línea uno\nline two").utf8)
            try await mail.append(bytes)
            let watcher = try await BlockingQueue(label: "watcher").run { () -> IMAPSession in
                let s = try Self.connected(mail, auth: .login)
                _ = try s.select("INBOX")
                return s
            }
            try await BlockingQueue(label: "check").run {
                let uids = try watcher.uids(after: 0)
                #expect(uids == [1])
                #expect(try watcher.fetch(uid: 1) == bytes)
                #expect(try watcher.uids(after: 1).isEmpty)
                #expect(watcher.hasIdle)
            }
            // IDLE: a mail appended by another client ends the wait well before its timeout.
            async let woke = BlockingQueue(label: "idle").run { () -> (Bool, Duration) in
                let start = ContinuousClock.now
                let r = try watcher.idle(seconds: 120)
                return (r, ContinuousClock.now - start)
            }
            try await Task.sleep(for: .milliseconds(300))
            try await mail.append(TestMail.message(subject: "y", body: "second"))
            let (announced, waited) = try await woke
            #expect(announced)
            // Well before the 120 s timeout, however busy the machine.
            #expect(waited < .seconds(60))
            try await BlockingQueue(label: "move").run {
                try watcher.ensureMailbox("processed")
                try watcher.ensureMailbox("processed")
                try watcher.move(uid: 1, to: "processed")
                #expect(try watcher.uids(after: 0) == [2])
                watcher.close()
            }
            #expect(try await mail.count("processed") == 1)
        }
    }

    @Test("IMAPS and STARTTLS: the server's certificate is checked, against the given CA or the system's store")
    func certificates() async throws {
        try await MailServers.with(tls: true) { mail in
            let port = try #require(mail.tlsPort)
            let imaps = try #require(MailServerURL("imaps://311%40tucson.test:secret-311@127.0.0.1:\(port)/INBOX", protocol: "imap"))
            let starttls = try #require(MailServerURL(mail.imapURL + "?tls=starttls", protocol: "imap"))
            #expect(imaps.security == .tls && starttls.security == .startTLS)
            let ca = mail.caFile
            try await BlockingQueue(label: "tls").run {
                for url in [imaps, starttls] {
                    let s = IMAPSession()
                    try s.connect(url, auth: .login, tls: TLSCheck(caFile: ca), token: { "" })
                    #expect(try s.select("INBOX") > 0)
                    s.close()
                    // The test CA is in no system store: refused, with the reason.
                    do {
                        try IMAPSession().connect(url, auth: .login, tls: TLSCheck(), token: { "" })
                        Issue.record("a certificate from an unknown CA was accepted (\(url.security))")
                    } catch let e as MailSessionError {
                        #expect(e.description.contains("certificate is not valid"), "\(e)")
                    }
                    // Only with the check explicitly off.
                    let unchecked = IMAPSession()
                    try unchecked.connect(url, auth: .login, tls: TLSCheck(verify: false), token: { "" })
                    unchecked.close()
                }
            }
        }
    }
}
