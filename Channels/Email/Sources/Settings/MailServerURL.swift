public import Foundation

/// `imaps://user:password@host:993/INBOX`, `imap://…` (STARTTLS, or plain on loopback),
/// `smtps://…:465`, `smtp://…:587` (STARTTLS, or plain on loopback).
public struct MailServerURL: Sendable, Equatable {
    public enum Security: String, Sendable {
        /// TLS from the first byte (imaps, smtps).
        case tls
        /// Plain connection upgraded with STARTTLS.
        case startTLS
        /// No TLS: allowed on loopback only.
        case plain
    }

    public var host: String
    public var port: UInt16
    public var security: Security
    public var user: String?
    public var password: String?
    /// IMAP: the mailbox watched. Default INBOX.
    public var mailbox: String

    /// Nil when `text` is not such a URL; `protocol` is "imap" or "smtp".
    public init?(_ text: String, protocol proto: String) {
        guard let c = URLComponents(string: text), let scheme = c.scheme?.lowercased(), let host = c.host, !host.isEmpty else { return nil }
        let loopback = host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]"
        switch scheme {
        case "\(proto)s": security = .tls
        case proto: security = loopback ? .plain : .startTLS
        default: return nil
        }
        self.host = host
        let defaultPort: UInt16 = switch (proto, security) {
        case ("imap", .tls): 993
        case ("imap", _): 143
        case (_, .tls): 465
        default: 587
        }
        if let p = c.port {
            guard let p16 = UInt16(exactly: p), p16 > 0 else { return nil }
            port = p16
        } else {
            port = defaultPort
        }
        user = c.user?.removingPercentEncoding ?? c.user
        password = c.password?.removingPercentEncoding ?? c.password
        let path = (c.path.removingPercentEncoding ?? c.path).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        mailbox = path.isEmpty ? "INBOX" : path
        if let q = c.queryItems?.first(where: { $0.name == "tls" })?.value, q == "starttls" { security = .startTLS }
    }
}
