import IntakeCore

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
        let deadline = ContinuousClock.now + timeout
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
            let tally = AcknowledgementTally(expecting: messages.count, then: c)
            // Handed to libmosquitto one after the other on this thread, so they leave in order.
            for m in messages {
                do {
                    _ = try enqueue(topic: m.topic, payload: m.payload, qos: 1, retain: false, userProperties: m.userProperties,
                                    ack: PubackWaiter(resume: .callback { tally.record($0) }, deadline: deadline))
                } catch {
                    tally.record(.failure(error))
                    return
                }
            }
        }
    }
}

/// Counts the PUBACKs of a batch: resumes once every one has come, or at the first failure.
private final class AcknowledgementTally: Sendable {
    private struct State {
        var left: Int
        var continuation: CheckedContinuation<Void, any Error>?
    }
    private let state: Locked<State>

    init(expecting count: Int, then c: CheckedContinuation<Void, any Error>) {
        state = Locked(State(left: count, continuation: c))
    }

    func record(_ result: Result<Void, any Error>) {
        let c = state.withLock { s -> CheckedContinuation<Void, any Error>? in
            guard s.continuation != nil else { return nil }
            if case .success = result {
                s.left -= 1
                guard s.left == 0 else { return nil }
            }
            defer { s.continuation = nil }
            return s.continuation
        }
        c?.resume(with: result)
    }
}
