import ServiceLifecycle

extension MQTTClient {
    /// Runs the client for a stage: `consume` reads `messages` until they end. On graceful
    /// shutdown the client unsubscribes `filters` and stops receiving; what it had already received
    /// (and so acknowledged to the broker) is still consumed; then it disconnects. The stage's
    /// last publishes (a writer's receipts) go out before the disconnect.
    public func serve(unsubscribingOnShutdown filters: [String], _ consume: @escaping @Sendable () async -> Void) async throws {
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await self.run() }
            group.addTask {
                try? await gracefulShutdown()
                await self.stopReceiving(unsubscribing: filters)
            }
            await consume()
            await self.shutdown()
        }
    }
}
