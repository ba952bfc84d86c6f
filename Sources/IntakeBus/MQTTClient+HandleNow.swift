extension MQTTClient {
    /// Consumes `messages`, handling each on the client's network thread as it arrives when
    /// `now` can (it returns false when the message needs to wait for something, such as a
    /// PUBACK), and otherwise in `later`, on the cooperative pool.
    ///
    /// Handling on the receiving thread saves two thread hand-offs per message. What `now` turns
    /// down goes to `later` and is handled there in the order it came; `now` keeps related
    /// messages in order by turning down, too, any that must follow one already sent there (a
    /// contact's next revision), while the rest are not held back. `now` runs on the network
    /// thread, so it must not block for long; what it publishes leaves when it returns.
    public func consume(handlingNow now: @escaping @Sendable (BusMessage) -> Bool,
                        later: @escaping @Sendable (BusMessage) async -> Void) async {
        handleNow.withLock { $0 = NetworkThreadHandler(now) }
        defer { handleNow.withLock { $0 = nil } }
        while let message = await inbound.next() {
            await later(message)
        }
    }

    /// Called on the network thread for each message received.
    func deliver(_ message: BusMessage) {
        if let handler = handleNow.withLock({ $0 }), handler.now(message) { return }
        inbound.push(message)
    }
}

/// The handler of `consume(handlingNow:later:)`. A class: a closure kept in a generic `Locked`
/// would be wrapped in two more reabstraction thunks at every `inout` access.
final class NetworkThreadHandler: Sendable {
    let now: @Sendable (BusMessage) -> Bool

    init(_ now: @escaping @Sendable (BusMessage) -> Bool) {
        self.now = now
    }
}
