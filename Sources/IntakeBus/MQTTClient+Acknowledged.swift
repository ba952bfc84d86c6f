extension MQTTClient {
    /// Publishes at QoS 1 and waits for the broker's PUBACK, at most `timeout`: the one way the
    /// package publishes something it must know the broker has.
    ///
    /// A PUBACK lost with a connection is never answered, and the wait for it cannot be cancelled,
    /// so the timeout answers without waiting for it (`BusError.timedOut`): a retry loop or a
    /// graceful shutdown never hangs on one. Once the PUBACK comes, it returns at once.
    public func publishAcknowledged(topic: String, payload: [UInt8], retain: Bool = false,
                                    userProperties: [(String, String)] = [], timeout: Duration) async throws {
        try await withTimeout(timeout) {
            try await self.publish(topic: topic, payload: payload, qos: 1, retain: retain, userProperties: userProperties)
        }
    }
}
