public import Foundation
import IntakeBus
public import ServiceLifecycle

/// The voice channel's background work: escalations the bus did not take are tried again (at
/// once on reconnect, then every few seconds), and calls that went quiet are ended, as a status
/// callback would have ended them.
public struct CallSweeper: Service {
    let calls: VoiceCalls

    public init(calls: VoiceCalls) {
        self.calls = calls
    }

    public func run() async throws {
        // At start, the state files say which escalations are still owed (after a crash too).
        await calls.sweep(now: Date())
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { await self.retryEscalations() }
            group.addTask { await self.retryOnReconnect() }
            group.addTask { await self.sweepPeriodically() }
            try? await gracefulShutdown()
            group.cancelAll()
        }
    }

    private func retryEscalations() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: calls.timings.escalationRetryInterval)
            await calls.retryUnpublishedEscalations()
        }
    }

    private func retryOnReconnect() async {
        for await state in calls.escalations.reconnections() where state == .connected {
            await calls.retryUnpublishedEscalations()
        }
    }

    private func sweepPeriodically() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: calls.timings.sweepInterval)
            if Task.isCancelled { return }
            await calls.sweep(now: Date())
        }
    }
}

extension VoiceCalls {
    func retryUnpublishedEscalations() async {
        guard escalations.isConnected else { return }
        for sid in unpublished.all { await publishEscalation(sid) }
    }

    /// Ends the calls that went quiet, forgets those kept long enough, and notes unpublished escalations.
    public func sweep(now: Date) async {
        for sid in store.callSIDs() {
            _ = try? await locks.withLock(sid) {
                guard let state = store.load(sid) else { return }
                if let e = state.escalation, !e.published { unpublished.insert(sid) }
                guard let (swept, disposition) = CallEnding.sweep(state, now: now, timings: timings) else { return }
                var s = swept
                if disposition == .forget {
                    store.delete(sid)
                } else {
                    await settle(&s)
                }
            }
        }
    }
}
