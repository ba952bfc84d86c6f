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
        case head
        case body(remaining: Int)
    }

    /// Heads longer than this are left to the decoder, which refuses them.
    private static let maxHeadBytes = 96 * 1024
    private let timeout: TimeAmount
    private var state = State.betweenRequests
    /// The current request's head so far (kept apart from `state`, so appending never copies it).
    private var head: [UInt8] = []
    /// How many bytes of the blank line ("\r\n\r\n") that ends a head `head` ends with.
    private var blankLineMatched = 0
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
                state = .head
            case .head:
                let byte = bytes[i]
                i += 1
                head.append(byte)
                blankLineMatched = byte == Self.blankLine[blankLineMatched] ? blankLineMatched + 1 : (byte == 13 ? 1 : 0)
                guard blankLineMatched == 4 else {
                    if head.count > Self.maxHeadBytes { return true }
                    continue
                }
                let fields = HeadFields(head)
                head.removeAll(keepingCapacity: true)
                blankLineMatched = 0
                if fields.upgradeOrChunked { return true }
                if fields.contentLength > 0 {
                    state = .body(remaining: fields.contentLength)
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

    private static let blankLine: [UInt8] = [13, 10, 13, 10]

    /// What the guard needs of a request head, read from its bytes: whether it upgrades or has a
    /// chunked body, and its `Content-Length`.
    struct HeadFields {
        var upgradeOrChunked = false
        var contentLength = 0

        init(_ head: [UInt8]) {
            var lineStart = 0
            var lengthSeen = false
            for (n, byte) in head.enumerated() where byte == 10 {
                let line = head[lineStart..<n]
                lineStart = n + 1
                if Self.hasFieldName(line, "upgrade:") || Self.hasFieldName(line, "transfer-encoding:") {
                    upgradeOrChunked = true
                } else if !lengthSeen, Self.hasFieldName(line, "content-length:") {
                    lengthSeen = true
                    var value = 0
                    for b in line.dropFirst("content-length:".utf8.count) where b >= 48 && b <= 57 {
                        value = value &* 10 &+ Int(b - 48)
                        if value > Int(Int32.max) { break }
                    }
                    contentLength = value
                }
            }
        }

        /// Whether `line` starts with `name` (lower case, with its colon), in any case.
        static func hasFieldName(_ line: ArraySlice<UInt8>, _ name: StaticString) -> Bool {
            guard line.count >= name.utf8CodeUnitCount else { return false }
            let p = name.utf8Start
            var i = line.startIndex
            for k in 0..<name.utf8CodeUnitCount {
                let b = line[i]
                // ASCII letters to lower case; other bytes as they are.
                let lower = b >= 65 && b <= 90 ? b + 32 : b
                if lower != p[k] { return false }
                i += 1
            }
            return true
        }
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
