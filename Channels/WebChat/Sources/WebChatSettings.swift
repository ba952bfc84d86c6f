import Foundation
public import IntakeCore

/// What the web chat reads from the settings. It is on when `INTAKE_CHAT_ENABLED=on`: a public,
/// anonymous page is a deliberate choice of the deployment. The page is served at
/// `INTAKE_PUBLIC_URL/chat`, and its socket accepts only that origin (and `INTAKE_CHAT_ORIGINS`).
public struct WebChatSettings: Sendable {
    /// Origins whose pages may open the socket: the public URL's, and any listed.
    public var allowedOrigins: Set<String>
    /// The largest photo taken, in bytes (`INTAKE_CHAT_MAX_PHOTO_BYTES`, at most `INTAKE_MAX_ATTACHMENT_BYTES`).
    public var maxPhotoBytes: Int
    /// The largest message read from the socket: the largest attachment, base64-encoded, as the
    /// server's frame limit. A photo above `maxPhotoBytes` but below this is refused with a message.
    public var maxMessageBytes: Int = 10 << 20
    /// Messages a conversation may send per minute before it is told to slow down.
    public var messagesPerMinute: Int
    /// New conversations one client may start per minute (`INTAKE_CHAT_OPENS_PER_MINUTE`); past
    /// it the socket is told to slow down and closed. A client is its proxy's `X-Forwarded-For`,
    /// else its address. Resuming a conversation is not counted.
    public var opensPerMinute: Int = 20
    /// Conversations held at once; the idlest is dropped beyond it.
    public var maxConversations: Int
    /// How long an idle conversation can still be resumed.
    public var idleSeconds: Int
    /// PostgreSQL as the reader role, for "check a reference".
    public var readerDatabaseURL: String

    public static let enablingKey = "INTAKE_CHAT_ENABLED"

    public static let specs: [SettingSpec] = [
        .init("INTAKE_CHAT_ENABLED", "on serves the web chat (GET /chat and its WebSocket)", default: "off"),
        .init("INTAKE_CHAT_ORIGINS", "more origins (scheme://host[:port], comma-separated) whose pages may open the chat socket",
              default: "only INTAKE_PUBLIC_URL's origin"),
        .init("INTAKE_CHAT_MAX_PHOTO_BYTES", "the largest photo the chat takes", default: "INTAKE_MAX_ATTACHMENT_BYTES"),
        .init("INTAKE_CHAT_MESSAGES_PER_MINUTE", "messages one conversation may send per minute; more are refused", default: "30"),
        .init("INTAKE_CHAT_OPENS_PER_MINUTE", "new conversations one client (X-Forwarded-For, else its address) may start per minute; more are refused",
              default: "20"),
        .init("INTAKE_CHAT_CONVERSATIONS", "conversations held in memory at once (the idlest is dropped beyond)", default: "10000"),
        .init("INTAKE_CHAT_IDLE_MINUTES", "how long an idle conversation can be resumed", default: "30"),
    ]

    public static let enablingFix = "set INTAKE_CHAT_ENABLED=on (the page is then public at INTAKE_PUBLIC_URL/chat)"

    public init(allowedOrigins: Set<String>, maxPhotoBytes: Int, messagesPerMinute: Int = 30, maxConversations: Int = 10_000,
                idleSeconds: Int = 1800, readerDatabaseURL: String) {
        self.allowedOrigins = allowedOrigins
        self.maxPhotoBytes = maxPhotoBytes
        self.messagesPerMinute = messagesPerMinute
        self.maxConversations = maxConversations
        self.idleSeconds = idleSeconds
        self.readerDatabaseURL = readerDatabaseURL
    }

    /// Nil unless `INTAKE_CHAT_ENABLED=on`.
    public static func read(_ r: inout SettingsReader, settings: IntakeSettings) -> WebChatSettings? {
        guard r.flag("INTAKE_CHAT_ENABLED", default: false) else { return nil }
        var origins = Set<String>()
        if let own = origin(of: settings.publicURL) { origins.insert(own) }
        for item in (r.string("INTAKE_CHAT_ORIGINS") ?? "").split(separator: ",") {
            let text = item.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { continue }
            if let o = origin(of: text) {
                origins.insert(o)
            } else {
                r.report("INTAKE_CHAT_ORIGINS", value: text, expected: "an origin such as https://311.example.org",
                         fix: "list origins as scheme://host[:port], comma-separated")
            }
        }
        let photo = r.integer("INTAKE_CHAT_MAX_PHOTO_BYTES", default: settings.maxAttachmentBytes, in: 1...settings.maxAttachmentBytes)
        var chat = WebChatSettings(
            allowedOrigins: origins, maxPhotoBytes: photo,
            messagesPerMinute: r.integer("INTAKE_CHAT_MESSAGES_PER_MINUTE", default: 30, in: 1...10_000),
            maxConversations: r.integer("INTAKE_CHAT_CONVERSATIONS", default: 10_000, in: 1...10_000_000),
            idleSeconds: 60 * r.integer("INTAKE_CHAT_IDLE_MINUTES", default: 30, in: 1...1440),
            readerDatabaseURL: settings.readerDatabaseURL)
        chat.opensPerMinute = r.integer("INTAKE_CHAT_OPENS_PER_MINUTE", default: 20, in: 1...100_000)
        chat.maxMessageBytes = max(1 << 16, settings.maxAttachmentBytes / 3 * 4 + (1 << 16))
        return chat
    }

    /// `scheme://host[:port]` of a URL, lowercased, without a default port; nil if it has none.
    public static func origin(of url: String) -> String? {
        let lower = url.lowercased()
        guard let schemeEnd = lower.range(of: "://") else { return nil }
        let scheme = String(lower[..<schemeEnd.lowerBound])
        // ws:// and wss:// are what non-browser clients (intake-bench) send; a browser sends its page's origin.
        guard ["http", "https", "ws", "wss"].contains(scheme) else { return nil }
        let rest = lower[schemeEnd.upperBound...]
        var host = String(rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" })
        guard !host.isEmpty else { return nil }
        if scheme == "http" || scheme == "ws", host.hasSuffix(":80") { host.removeLast(3) }
        if scheme == "https" || scheme == "wss", host.hasSuffix(":443") { host.removeLast(4) }
        return "\(scheme)://\(host)"
    }
}
