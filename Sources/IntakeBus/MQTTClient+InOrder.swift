extension MQTTClient {
    /// One message of `publishInOrderAcknowledged`.
    public struct Outgoing: Sendable {
        public var topic: String
        public var payload: [UInt8]
        public var userProperties: [(String, String)]

        public init(topic: String, payload: [UInt8], userProperties: [(String, String)] = []) {
            self.topic = topic
            self.payload = payload
            self.userProperties = userProperties
        }
    }

    /// Publishes `messages` at QoS 1 in their order, without waiting for one PUBACK before sending
    /// the next, and returns once the broker has acknowledged every one (at most `timeout`; see
    /// `publishAcknowledged`). Any refusal or a lost connection fails the whole call, and the
    /// caller sends them all again: a message may then arrive twice, never out of order first.
    public func publishInOrderAcknowledged(_ messages: [Outgoing], timeout: Duration) async throws {
        guard messages.count > 1 else {
            if let m = messages.first {
                try await publishAcknowledged(topic: m.topic, payload: m.payload, userProperties: m.userProperties, timeout: timeout)
            }
            return
        }
        try await withTimeout(timeout) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for m in messages {
                    // Each waits for its PUBACK in a task of its own; the next is handed to
                    // libmosquitto only once this one is, so they leave in order.
                    let (handed, handedOver) = AsyncThrowingStream<Void, any Error>.makeStream()
                    group.addTask {
                        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
                            do {
                                if try self.enqueue(topic: m.topic, payload: m.payload, qos: 1, retain: false,
                                                    userProperties: m.userProperties, ack: c) == nil { c.resume() }
                                handedOver.finish()
                            } catch {
                                handedOver.finish(throwing: error)
                                c.resume(throwing: error)
                            }
                        }
                    }
                    for try await _ in handed {}
                }
                try await group.waitForAll()
            }
        }
    }
}
