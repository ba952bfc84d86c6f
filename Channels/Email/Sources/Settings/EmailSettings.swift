public import Foundation
public import IntakeCore

/// The email channel's settings: the mailbox it reads, where answers go out, and how it logs in.
public struct EmailSettings: Sendable {
    public enum Auth: String, Sendable {
        /// IMAP LOGIN, SMTP AUTH LOGIN.
        case login
        /// AUTHENTICATE PLAIN (SASL).
        case plain
        /// OAuth 2 bearer token (Microsoft 365, Gmail).
        case xoauth2
    }

    public var imap: MailServerURL
    public var smtp: MailServerURL?
    /// The centre's own address: From of answers; mail from it is never a case.
    public var address: String?
    public var auth: Auth
    /// XOAUTH2: a file holding the current access token, or a command printing it.
    public var oauthTokenFile: String?
    public var oauthTokenCommand: String?
    /// IDLE when the server offers it (on by default); off polls even then.
    public var idle: Bool
    /// How often to look for new mail without IDLE, and how long one IDLE lasts before it is renewed.
    public var pollInterval: Duration
    public var processedFolder: String
    public var unprocessableFolder: String
    /// Answers to one sender within an hour, at most.
    public var answersPerSenderPerHour: Int
    public var tls: TLSCheck

    public static let enablingKey = "INTAKE_IMAP_URL"
    public static let enablingFix = "set INTAKE_IMAP_URL to the 311 mailbox, such as imaps://user@host:993/INBOX"

    public static let specs: [SettingSpec] = [
        .init("INTAKE_IMAP_URL", "the 311 mailbox: imaps://user:pass@host:993/INBOX (imap:// = STARTTLS, or plain on loopback)", default: "none: email channel off"),
        .init("INTAKE_SMTP_URL", "where answers are sent: smtps://user:pass@host:465 or smtp://…:587 (STARTTLS, plain on loopback)", default: "none: no email answers"),
        .init("INTAKE_EMAIL_ADDRESS", "the centre's own address: From of answers; mail from it never makes a case", default: "the IMAP user"),
        .init("INTAKE_IMAP_PASSWORD_FILE", "file holding the IMAP password, instead of the URL's", default: "from the URL", secret: false),
        .init("INTAKE_SMTP_PASSWORD_FILE", "file holding the SMTP password, instead of the URL's", default: "from the URL", secret: false),
        .init("INTAKE_EMAIL_AUTH", "login, plain (AUTHENTICATE PLAIN) or xoauth2", default: "login"),
        .init("INTAKE_EMAIL_OAUTH_TOKEN_FILE", "xoauth2: file holding the current access token (re-read at each login)"),
        .init("INTAKE_EMAIL_OAUTH_TOKEN_COMMAND", "xoauth2: command that prints the current access token"),
        .init("INTAKE_IMAP_IDLE", "off polls even when the server offers IDLE", default: "on"),
        .init("INTAKE_IMAP_POLL_SECONDS", "seconds between looks for new mail without IDLE (and between IDLE renewals, at most 1500)", default: "30"),
        .init("INTAKE_IMAP_PROCESSED_FOLDER", "where a mail moves once its contact is stored", default: "processed"),
        .init("INTAKE_IMAP_UNPROCESSABLE_FOLDER", "where mail that cannot be parsed moves", default: "unprocessable"),
        .init("INTAKE_EMAIL_ANSWERS_PER_HOUR", "answers to one sender within an hour, at most", default: "5"),
        .init("INTAKE_EMAIL_TLS_CA_FILE", "PEM file of the CAs that sign the mail servers' certificates", default: "the system's trust store"),
        .init("INTAKE_EMAIL_TLS_VERIFY", "off skips the mail servers' certificate check (tests only; logged as a warning)", default: "on"),
    ]

    public init(imap: MailServerURL, smtp: MailServerURL? = nil, address: String? = nil, auth: Auth = .login,
                oauthTokenFile: String? = nil, oauthTokenCommand: String? = nil, idle: Bool = true,
                pollInterval: Duration = .seconds(30), processedFolder: String = "processed",
                unprocessableFolder: String = "unprocessable", answersPerSenderPerHour: Int = 5, tls: TLSCheck = TLSCheck()) {
        self.tls = tls
        self.imap = imap
        self.smtp = smtp
        self.address = address
        self.auth = auth
        self.oauthTokenFile = oauthTokenFile
        self.oauthTokenCommand = oauthTokenCommand
        self.idle = idle
        self.pollInterval = pollInterval
        self.processedFolder = processedFolder
        self.unprocessableFolder = unprocessableFolder
        self.answersPerSenderPerHour = answersPerSenderPerHour
    }

    /// Nil when INTAKE_IMAP_URL is unset: the channel is off. Wrong values are reported in `r`.
    public static func read(_ r: inout SettingsReader) -> EmailSettings? {
        guard let imapText = r.string("INTAKE_IMAP_URL") else { return nil }
        guard var imap = MailServerURL(imapText, protocol: "imap") else {
            r.report("INTAKE_IMAP_URL", value: SettingSpec.maskingPassword(in: imapText), expected: "imaps://user:pass@host:port/MAILBOX or imap://…",
                     fix: "set INTAKE_IMAP_URL to the mailbox's URL")
            return nil
        }
        var smtp: MailServerURL?
        if let smtpText = r.string("INTAKE_SMTP_URL") {
            smtp = MailServerURL(smtpText, protocol: "smtp")
            if smtp == nil {
                r.report("INTAKE_SMTP_URL", value: SettingSpec.maskingPassword(in: smtpText), expected: "smtps://user:pass@host:465 or smtp://…",
                         fix: "set INTAKE_SMTP_URL to the submission server's URL, or unset it")
            }
        }
        if let file = r.string("INTAKE_IMAP_PASSWORD_FILE") {
            if let p = readSecret(file) { imap.password = p } else {
                r.report("INTAKE_IMAP_PASSWORD_FILE", value: file, expected: "a readable file", fix: "point it at the file holding the IMAP password")
            }
        }
        if let file = r.string("INTAKE_SMTP_PASSWORD_FILE"), smtp != nil {
            if let p = readSecret(file) { smtp?.password = p } else {
                r.report("INTAKE_SMTP_PASSWORD_FILE", value: file, expected: "a readable file", fix: "point it at the file holding the SMTP password")
            }
        }
        let authText = r.string("INTAKE_EMAIL_AUTH", default: "login").lowercased()
        var auth = Auth(rawValue: authText) ?? .login
        if Auth(rawValue: authText) == nil {
            r.report("INTAKE_EMAIL_AUTH", value: authText, expected: "login, plain or xoauth2", fix: "set INTAKE_EMAIL_AUTH to login, plain or xoauth2")
        }
        let tokenFile = r.string("INTAKE_EMAIL_OAUTH_TOKEN_FILE")
        let tokenCommand = r.string("INTAKE_EMAIL_OAUTH_TOKEN_COMMAND")
        if auth == .xoauth2 && tokenFile == nil && tokenCommand == nil {
            r.report("INTAKE_EMAIL_AUTH", value: "xoauth2", expected: "a token source",
                     fix: "set INTAKE_EMAIL_OAUTH_TOKEN_FILE or INTAKE_EMAIL_OAUTH_TOKEN_COMMAND")
            auth = .login
        }
        let address = r.string("INTAKE_EMAIL_ADDRESS") ?? imap.user.flatMap { $0.contains("@") ? $0 : nil }
        return EmailSettings(
            imap: imap, smtp: smtp, address: address, auth: auth, oauthTokenFile: tokenFile, oauthTokenCommand: tokenCommand,
            idle: r.flag("INTAKE_IMAP_IDLE", default: true),
            pollInterval: .seconds(r.integer("INTAKE_IMAP_POLL_SECONDS", default: 30, in: 1...1500)),
            processedFolder: r.string("INTAKE_IMAP_PROCESSED_FOLDER", default: "processed"),
            unprocessableFolder: r.string("INTAKE_IMAP_UNPROCESSABLE_FOLDER", default: "unprocessable"),
            answersPerSenderPerHour: r.integer("INTAKE_EMAIL_ANSWERS_PER_HOUR", default: 5, in: 0...1000),
            tls: TLSCheck(verify: r.flag("INTAKE_EMAIL_TLS_VERIFY", default: true), caFile: r.existingPath("INTAKE_EMAIL_TLS_CA_FILE")))
    }

    static func readSecret(_ path: String) -> String? {
        guard let d = FileManager.default.contents(atPath: path), let s = String(data: d, encoding: .utf8) else { return nil }
        return s.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The XOAUTH2 access token now: read again at each login, since tokens expire within the hour.
    public func oauthToken() throws -> String {
        if let f = oauthTokenFile, let t = Self.readSecret(f), !t.isEmpty { return t }
        if let cmd = oauthTokenCommand {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/sh")
            p.arguments = ["-c", cmd]
            let out = Pipe()
            p.standardOutput = out
            try p.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            if p.terminationStatus == 0, let t = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty {
                return t
            }
        }
        throw MailSessionError.auth("no OAuth token from INTAKE_EMAIL_OAUTH_TOKEN_FILE or INTAKE_EMAIL_OAUTH_TOKEN_COMMAND")
    }
}
