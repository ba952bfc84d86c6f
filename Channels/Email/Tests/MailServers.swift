import Foundation
import IntakeCore
import IntakeTestSupport
@testable import EmailChannel

/// A Dovecot and an SMTP receiver of the test's own on loopback, started through
/// `Docker/mail.sh` as the demo starts them. A missing Dovecot fails the test; it never skips.
final class MailServers: Sendable {
    static let user = "311@tucson.test"
    let directory: String
    let imapPort: Int
    let smtpPort: Int
    /// IMAPS, when started with TLS; its CA is `caFile`.
    let tlsPort: Int?
    var caFile: String { "\(directory)/ca.pem" }
    /// The access token Dovecot takes for XOAUTH2, when started with one.
    let oauth2Token: String?
    /// How the SMTP receiver speaks TLS: nil (plain), "starttls" or "smtps".
    let smtpTLS: String?

    var imapURL: String { "imap://311%40tucson.test:secret-311@127.0.0.1:\(imapPort)/INBOX" }
    var smtpURL: String {
        switch smtpTLS {
        case "starttls": "smtp://127.0.0.1:\(smtpPort)?tls=starttls"
        case "smtps": "smtps://127.0.0.1:\(smtpPort)"
        default: "smtp://127.0.0.1:\(smtpPort)"
        }
    }

    /// What the intake needs to read this mailbox and answer through this receiver.
    func settings(poll: Int = 1) -> [String: String] {
        ["INTAKE_IMAP_URL": imapURL, "INTAKE_SMTP_URL": smtpURL, "INTAKE_EMAIL_ADDRESS": Self.user,
         "INTAKE_IMAP_POLL_SECONDS": String(poll)]
    }

    private init(directory: String, imapPort: Int, smtpPort: Int, tlsPort: Int?, oauth2Token: String?, smtpTLS: String?) {
        self.directory = directory
        self.imapPort = imapPort
        self.smtpPort = smtpPort
        self.tlsPort = tlsPort
        self.oauth2Token = oauth2Token
        self.smtpTLS = smtpTLS
    }

    static var script: String { "\(Paths.repository)/Docker/mail.sh" }

    /// `oauth2Token`: Dovecot also takes XOAUTH2, for that token only, through a token
    /// introspection endpoint of its own. `smtpTLS`: "starttls" or "smtps" for a receiver over TLS.
    /// `smtpAuth`: the SMTP receiver requires AUTH for `user`: LOGIN and PLAIN with that
    /// password, XOAUTH2 with that token.
    static func start(tls: Bool = false, oauth2Token: String? = nil, smtpTLS: String? = nil,
                      smtpAuth: (password: String?, token: String?)? = nil) async throws -> MailServers {
        let dir = try Paths.temporaryDirectory("mail")
        let servers = MailServers(directory: dir, imapPort: try freePort(), smtpPort: try freePort(), tlsPort: tls ? try freePort() : nil,
                                  oauth2Token: oauth2Token, smtpTLS: smtpTLS)
        let python = try Paths.python()
        do {
            var imap = [script, "imap", "up", "--dir", dir, "--port", String(servers.imapPort), "--tls-port", String(servers.tlsPort ?? 0)]
            if let oauth2Token { imap += ["--oauth2-port", String(try freePort()), "--oauth2-token", oauth2Token, "--python", python] }
            try await Shell.run("/bin/bash", imap)
            var smtp = [script, "smtp", "up", "--dir", dir, "--port", String(servers.smtpPort), "--python", python]
            if let smtpTLS { smtp += ["--tls", smtpTLS] }
            if let smtpAuth {
                smtp += ["--auth-user", user]
                if let p = smtpAuth.password { smtp += ["--auth-password", p] }
                if let t = smtpAuth.token { smtp += ["--oauth2-token", t] }
            }
            try await Shell.run("/bin/bash", smtp)
        } catch {
            await servers.stop()
            throw error
        }
        return servers
    }

    func stop() async {
        _ = try? await Shell.run("/bin/bash", [Self.script, "imap", "down", "--dir", directory])
        _ = try? await Shell.run("/bin/bash", [Self.script, "smtp", "down", "--dir", directory])
    }

    static func with<T>(tls: Bool = false, oauth2Token: String? = nil, smtpTLS: String? = nil,
                        smtpAuth: (password: String?, token: String?)? = nil,
                        _ body: (MailServers) async throws -> T) async throws -> T {
        let servers = try await start(tls: tls, oauth2Token: oauth2Token, smtpTLS: smtpTLS, smtpAuth: smtpAuth)
        do {
            let r = try await body(servers)
            await servers.stop()
            return r
        } catch {
            await servers.stop()
            throw error
        }
    }

    /// Renumbers INBOX as a server rebuild does (new UIDVALIDITY, UIDs from 1).
    func rebuildInbox() async throws {
        try await Shell.run("/bin/bash", [Self.script, "imap", "rebuild", "--dir", directory])
    }

    /// An IMAP session of the test's own (APPEND, counting).
    private func session<T: Sendable>(_ body: @escaping @Sendable (IMAPSession) throws -> T) async throws -> T {
        let url = MailServerURL(imapURL, protocol: "imap")!
        return try await BlockingQueue(label: "test.imap").run {
            let s = IMAPSession()
            try s.connect(url, auth: .login, token: { "" })
            defer { s.close() }
            return try body(s)
        }
    }

    func append(_ message: String, to mailbox: String = "INBOX") async throws {
        try await append([UInt8](message.utf8), to: mailbox)
    }

    func append(_ bytes: [UInt8], to mailbox: String = "INBOX") async throws {
        try await session { try $0.append(bytes, to: mailbox) }
    }

    func count(_ mailbox: String) async throws -> Int {
        try await session { s in
            guard (try? s.select(mailbox)) != nil else { return 0 }
            return try s.uids(after: 0).count
        }
    }

    func waitForCount(_ mailbox: String, equals expected: Int, timeout: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + timeout
        var last = -1
        while ContinuousClock.now < deadline {
            last = try await count(mailbox)
            if last == expected { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw TestSetupError("\(mailbox) holds \(last) message(s), expected \(expected), within \(timeout)")
    }

    /// The mails the SMTP receiver got, oldest first.
    func received() throws -> [(raw: [UInt8], mail: ParsedMail)] {
        let dir = "\(directory)/received/new"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        let files = names.map { "\(dir)/\($0)" }.sorted {
            let a = (try? FileManager.default.attributesOfItem(atPath: $0)[.modificationDate] as? Date) ?? .distantPast
            let b = (try? FileManager.default.attributesOfItem(atPath: $1)[.modificationDate] as? Date) ?? .distantPast
            return a == b ? $0 < $1 : a < b
        }
        return try files.map { path in
            let raw = [UInt8](FileManager.default.contents(atPath: path) ?? Data())
            return (raw, try MailParser.parse(raw))
        }
    }

    func waitForReceived(_ expected: Int, timeout: Duration = .seconds(30)) async throws -> [(raw: [UInt8], mail: ParsedMail)] {
        let deadline = ContinuousClock.now + timeout
        var got = try received()
        while ContinuousClock.now < deadline {
            got = try received()
            if got.count >= expected { return got }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw TestSetupError("the SMTP receiver got \(got.count) mail(s), expected \(expected), within \(timeout)")
    }
}

/// Resident mail for the tests.
enum TestMail {
    static func message(from: String = "resident@example.org", subject: String, body: String, messageID: String = "\(UUID().uuidString)@example.org",
                        headers: [String] = [], charset: String = "utf-8") -> String {
        var h = ["From: Resident <\(from)>", "To: 311 <\(MailServers.user)>", "Subject: \(subject)", "Message-ID: <\(messageID)>",
                 "Date: Mon, 30 Nov 2026 10:00:00 -0700", "MIME-Version: 1.0", "Content-Type: text/plain; charset=\(charset)",
                 "Content-Transfer-Encoding: 8bit"]
        h += headers
        return h.joined(separator: "\r\n") + "\r\n\r\n" + body.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n"
    }
}
