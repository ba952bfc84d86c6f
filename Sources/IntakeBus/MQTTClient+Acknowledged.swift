extension MQTTClient {
    /// Publishes at QoS 1 and waits for the broker's PUBACK, at most `timeout`: the one way the
    /// package publishes something it must know the broker has.
    ///
    /// A PUBACK lost with a connection is never answered, so the network thread fails the wait at
    /// its deadline (`BusError.timedOut`): a retry loop or a graceful shutdown never hangs on one.
    /// Once the PUBACK comes, it returns at once.
    public func publishAcknowledged(topic: String, payload: [UInt8], retain: Bool = false,
                                    userProperties: [(String, String)] = [], timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
            do {
                _ = try enqueue(topic: topic, payload: payload, qos: 1, retain: retain, userProperties: userProperties,
                                ack: PubackWaiter(resume: .continuation(c), deadline: deadline))
            } catch {
                c.resume(throwing: error)
            }
        }
    }

    /// Publishes at QoS 1 and calls `then` once: with success at the broker's PUBACK, or with the
    /// error (`BusError.timedOut` after `timeout`, `BusError.notConnected`, …).
    ///
    /// Nothing waits: `then` runs on the client's network thread (or on the caller's, for a
    /// publish refused at once), so it must be brief. For a caller that keeps the message itself
    /// and only needs to know when the broker has it, such as an adapter's spool.
    public func publishAcknowledged(topic: String, payload: [UInt8], userProperties: [(String, String)] = [],
                                    timeout: Duration, then: @escaping @Sendable (Result<Void, any Error>) -> Void) {
        do {
            _ = try enqueue(topic: topic, payload: payload, qos: 1, retain: false, userProperties: userProperties,
                            ack: PubackWaiter(resume: .callback(then), deadline: ContinuousClock.now + timeout))
        } catch {
            then(.failure(error))
        }
    }
}
