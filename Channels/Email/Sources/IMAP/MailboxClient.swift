import Foundation
import IntakeCore

/// A small IMAP client for tools (the benchmark, the demo's checks): APPEND and counting, through
/// the same libetpan session the watcher uses, on a thread of its own.
public final class MailboxClient: Sendable {
    private let url: MailServerURL
    private let queue = BlockingQueue(label: "intake.email.client")

    /// `url` as INTAKE_IMAP_URL is written.
    private let tls: TLSCheck

    public init(url: String, tls: TLSCheck = TLSCheck()) throws {
        self.tls = tls
        guard let u = MailServerURL(url, protocol: "imap") else { throw MailSessionError.connect("not an IMAP URL: \(SettingSpec.maskingPassword(in: url))") }
        self.url = u
    }

    public func append(_ bytes: [UInt8], to mailbox: String? = nil) async throws {
        let url = url, tls = tls
        try await queue.run {
            let s = IMAPSession()
            try s.connect(url, auth: .login, tls: tls, token: { "" })
            defer { s.close() }
            try s.append(bytes, to: mailbox ?? url.mailbox)
        }
    }

    /// How many messages `mailbox` holds (0 when it does not exist).
    public func count(_ mailbox: String? = nil) async throws -> Int {
        let url = url, tls = tls
        return try await queue.run {
            let s = IMAPSession()
            try s.connect(url, auth: .login, tls: tls, token: { "" })
            defer { s.close() }
            guard (try? s.select(mailbox ?? url.mailbox)) != nil else { return 0 }
            return try s.uids(after: 0).count
        }
    }
}

