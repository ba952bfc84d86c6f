import HummingbirdCore
import Logging
import NIOCore

/// Ends requests that arrive too slowly, below the HTTP decoder (a half-sent head never reaches
/// Hummingbird, so its idle timeout cannot see it).
///
/// From a request's first byte, its head and body (by `Content-Length`) must arrive within
/// `timeout`. A head still incomplete then closes the connection; a body cut short is answered
/// 400 and the connection closed. A chunked body or a WebSocket upgrade stops the guarding of
/// that connection (the socket has its own limits); idle time between requests is Hummingbird's
/// `idleTimeout`.
final class SlowRequestGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    private enum State {
        case betweenRequests
        case head(text: [UInt8])
        case body(remaining: Int)
    }

    /// Heads longer than this are left to the decoder, which refuses them.
    private static let maxHeadBytes = 96 * 1024
    private let timeout: TimeAmount
    private var state = State.betweenRequests
    private var deadline: Scheduled<Void>?
    /// Whether anything was written back during the current request (then no 400 of ours).
    private var answered = false

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        // A client that connects and sends nothing has as long as a request would.
        if context.channel.isActive { arm(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        if deadline == nil { arm(context) }
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        let stop = scan(buffer.readableBytesView, context: context)
        context.fireChannelRead(data)
        if stop {
            deadline?.cancel()
            deadline = nil
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        answered = true
        context.write(data, promise: promise)
    }

    /// Follows request boundaries in `bytes`; true when this connection is no longer guarded.
    private func scan(_ bytes: ByteBufferView, context: ChannelHandlerContext) -> Bool {
        var i = bytes.startIndex
        while i < bytes.endIndex {
            switch state {
            case .betweenRequests:
                answered = false
                arm(context)
                state = .head(text: [])
            case .head(var text):
                let byte = bytes[i]
                i += 1
                text.append(byte)
                guard byte == UInt8(ascii: "\n"), text.count >= 4, text.suffix(4).elementsEqual([13, 10, 13, 10]) else {
                    if text.count > Self.maxHeadBytes { return true }
                    state = .head(text: text)
                    continue
                }
                // "\r\n" is one Character in Swift: split on newline characters, not on "\n".
                let lines = String(decoding: text, as: UTF8.self).lowercased().split(whereSeparator: \.isNewline)
                if lines.contains(where: { $0.hasPrefix("upgrade:") || $0.hasPrefix("transfer-encoding:") }) { return true }
                let length = Self.contentLength(lines) ?? 0
                if length > 0 {
                    state = .body(remaining: length)
                } else {
                    finishRequest()
                }
            case .body(let remaining):
                let n = min(remaining, bytes.endIndex - i)
                i += n
                if remaining - n == 0 { finishRequest() } else { state = .body(remaining: remaining - n) }
            }
        }
        return false
    }

    private func finishRequest() {
        state = .betweenRequests
        deadline?.cancel()
        deadline = nil
    }

    private static func contentLength(_ lines: [Substring]) -> Int? {
        for line in lines where line.hasPrefix("content-length:") {
            return Int(line.dropFirst("content-length:".count).filter { $0 != " " && $0 != "\t" })
        }
        return nil
    }

    private func arm(_ context: ChannelHandlerContext) {
        deadline?.cancel()
        let loopContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        let guardRef = NIOLoopBound(self, eventLoop: context.eventLoop)
        deadline = context.eventLoop.scheduleTask(in: timeout) {
            guardRef.value.expired(loopContext.value)
        }
    }

    private func expired(_ context: ChannelHandlerContext) {
        deadline = nil
        if case .body = state, !answered {
            let text = "request body cut short: it did not arrive within the read timeout\n"
            var out = context.channel.allocator.buffer(capacity: 160 + text.utf8.count)
            out.writeString("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: \(text.utf8.count)\r\nConnection: close\r\n\r\n\(text)")
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.writeAndFlush(wrapOutboundOut(.byteBuffer(out))).whenComplete { _ in bound.value.close(promise: nil) }
        } else {
            context.close(promise: nil)
        }
    }
}

/// The HTTP/1 (and WebSocket upgrade) child channel with a `SlowRequestGuard` in front of it.
struct GuardedChildChannel<Inner: ServerChildChannel>: ServerChildChannel {
    typealias Value = Inner.Value
    let inner: Inner
    let readTimeout: TimeAmount

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(SlowRequestGuard(timeout: readTimeout), position: .first)
        }.flatMap {
            inner.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}
