import CEtpan
import Foundation

/// Sends one message per connection through libetpan's SMTP client, on its own thread.
final class SMTPSender: Sendable {
    let server: MailServerURL
    let auth: EmailSettings.Auth
    let tls: TLSCheck
    let token: @Sendable () throws -> String
    private let queue = BlockingQueue(label: "intake.email.smtp")

    init(server: MailServerURL, auth: EmailSettings.Auth, tls: TLSCheck = TLSCheck(), token: @escaping @Sendable () throws -> String) {
        self.server = server
        self.auth = auth
        self.tls = tls
        self.token = token
    }

    func send(_ message: [UInt8], from: String, to recipients: [String]) async throws {
        let server = server, auth = auth, token = token, tls = tls
        try await queue.run { try Self.sendBlocking(message, from: from, to: recipients, server: server, auth: auth, tls: tls, token: token) }
    }

    private static func sendBlocking(_ message: [UInt8], from: String, to recipients: [String], server: MailServerURL,
                                     auth: EmailSettings.Auth, tls: TLSCheck, token: () throws -> String) throws {
        guard let s = mailsmtp_new(0, nil) else { throw MailSessionError.connect("out of memory") }
        defer { mailsmtp_free(s) }
        mailsmtp_set_timeout(s, 60)
        func check(_ r: Int32, _ what: String) throws {
            guard r == Int32(MAILSMTP_NO_ERROR) else {
                let said = s.pointee.response.map { String(cString: $0) }
                throw MailSessionError.command("SMTP \(what)", code: r, response: said)
            }
        }
        let r: Int32 = server.security == .tls ? intake_smtp_tls_connect(s, server.host, server.port) : mailsmtp_socket_connect(s, server.host, server.port)
        guard r == Int32(MAILSMTP_NO_ERROR) else { throw MailSessionError.connect("\(server.host):\(server.port) (libetpan error \(r))") }
        var esmtp = mailesmtp_ehlo(s) == Int32(MAILSMTP_NO_ERROR)
        if !esmtp { try check(mailsmtp_helo(s), "HELO") }
        if server.security == .startTLS {
            try check(intake_smtp_starttls(s, server.host), "STARTTLS")
            esmtp = mailesmtp_ehlo(s) == Int32(MAILSMTP_NO_ERROR)
        }
        if server.security != .plain { try tls.check(intake_smtp_stream(s), host: server.host) }
        if let user = server.user, !user.isEmpty {
            switch auth {
            case .xoauth2:
                try check(mailsmtp_oauth2_authenticate(s, user, try token()), "AUTH XOAUTH2")
            case .plain:
                try check(mailesmtp_auth_sasl(s, "PLAIN", server.host, nil, nil, user, user, server.password ?? "", nil), "AUTH PLAIN")
            case .login:
                try check(mailesmtp_auth_sasl(s, "LOGIN", server.host, nil, nil, user, user, server.password ?? "", nil), "AUTH LOGIN")
            }
        }
        if esmtp {
            try check(mailesmtp_mail(s, from, 1, nil), "MAIL FROM")
            for to in recipients { try check(mailesmtp_rcpt(s, to, 0, nil), "RCPT TO") }
        } else {
            try check(mailsmtp_mail(s, from), "MAIL FROM")
            for to in recipients { try check(mailsmtp_rcpt(s, to), "RCPT TO") }
        }
        try check(mailsmtp_data(s), "DATA")
        try message.withUnsafeBufferPointer { b in
            try b.withMemoryRebound(to: CChar.self) { try check(mailsmtp_data_message(s, $0.baseAddress, $0.count), "message") }
        }
        _ = mailsmtp_quit(s)
    }
}
