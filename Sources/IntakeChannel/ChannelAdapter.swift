public import Hummingbird
public import HummingbirdWebSocket
public import IntakeCore
public import ServiceLifecycle

/// A channel adapter: the plugin a developer writes to add a channel.
///
/// It speaks the channel's protocol, verifies the sender where the channel has a scheme, turns
/// what arrives into a `ContactEnvelope`, and hands it to its `ContactIntake`, which keeps the
/// delivery promise. Replies to residents come back to it through `deliver`.
/// A `ChannelFactory` builds it. `intake new-channel NAME` writes a starting point from
/// `Templates/scaffold/`; `Channels/SMS` is a complete example.
public protocol ChannelAdapter: Sendable {
    /// The channel name in topics and envelopes: `sms`, `voice`, `email`, `chat` …
    var channel: String { get }

    /// The adapter's delivery promise: its spool, its receipts, its republishing.
    var intake: ContactIntake { get }

    /// Adds the adapter's HTTP routes (webhooks, pages) to the shared server.
    func addRoutes(to router: Router<BasicRequestContext>)

    /// Adds the adapter's WebSocket routes (the web chat's socket) to the shared server's upgrade router.
    func addWebSocketRoutes(to router: Router<ChannelSocketContext>)

    /// Long-running work of the adapter besides its routes (mailbox pollers, folder watchers).
    func services() -> [any Service]

    /// Sends a message to a resident on this channel (a `reply/{channel}` message).
    func deliver(_ reply: ReplyMessage) async throws

    /// The receipt for `contact` came after the resident had been answered without the case
    /// reference (or after a restart): the message that tells them, or nil when the channel has no
    /// way to reach them later.
    func referenceFollows(for contact: ContactEnvelope, receipt: ReceiptBatch.Receipt) throws -> ReplyMessage?
}

extension ChannelAdapter {
    public func addRoutes(to router: Router<BasicRequestContext>) {}
    public func addWebSocketRoutes(to router: Router<ChannelSocketContext>) {}
    public func services() -> [any Service] { [] }
    public func deliver(_ reply: ReplyMessage) async throws {
        throw ChannelError.repliesUnsupported(channel)
    }
    public func referenceFollows(for contact: ContactEnvelope, receipt: ReceiptBatch.Receipt) throws -> ReplyMessage? { nil }
}

public enum ChannelError: Error, CustomStringConvertible {
    case repliesUnsupported(String)
    case deliveryFailed(String)

    public var description: String {
        switch self {
        case .repliesUnsupported(let c): "the \(c) channel cannot send replies"
        case .deliveryFailed(let why): "reply not delivered: \(why)"
        }
    }
}
