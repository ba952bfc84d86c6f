public import Hummingbird
public import HummingbirdWebSocket
public import NIOCore

/// The request context of a WebSocket upgrade: Hummingbird's, plus the address the connection
/// came from, so that a channel can limit what one client opens before anything is verified.
public struct ChannelSocketContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<Self>
    /// The peer of the connection (the reverse proxy, when there is one).
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        webSocket = .init()
        remoteAddress = source.channel.remoteAddress
    }
}
