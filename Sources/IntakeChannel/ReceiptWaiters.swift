public import IntakeCore

/// Requests waiting for the receipt of their contact, so that a webhook can answer with the case
/// reference when the case commits quickly.
///
/// Exactly one side settles each wait: the receipt (`settle`) or its deadline. Whichever comes
/// second finds nothing, so a reference is never both answered in the webhook and sent later.
/// Deadlines are kept by one sweeping task for all waiters (every `tick`), not a timer each.
final class ReceiptWaiters: Sendable {
    private struct Waiter {
        var token: UInt64
        var deadline: ContinuousClock.Instant
        var continuation: CheckedContinuation<ReceiptBatch.Receipt?, Never>
    }
    private struct State {
        var next: UInt64 = 0
        var byID: [String: Waiter] = [:]
        var sweeping = false
    }
    private let state = Locked(State())
    let tick: Duration

    init(tick: Duration = .milliseconds(50)) {
        self.tick = tick
    }

    /// Registers the wait, runs `then` (which publishes the contact), and waits.
    func wait(for id: String, timeout: Duration, then: () -> Void) async -> ReceiptBatch.Receipt? {
        guard timeout > .zero else {
            then()
            return nil
        }
        return await withCheckedContinuation { c in
            let deadline = ContinuousClock.now + timeout
            let (previous, startSweeper) = state.withLock { s -> (Waiter?, Bool) in
                s.next += 1
                let previous = s.byID[id]
                s.byID[id] = Waiter(token: s.next, deadline: deadline, continuation: c)
                defer { s.sweeping = true }
                return (previous, !s.sweeping)
            }
            // A second request for the same contact (a provider retry) replaces the first.
            previous?.continuation.resume(returning: nil)
            if startSweeper { Task { await self.sweep() } }
            then()
        }
    }

    /// Expires overdue waiters until none is left.
    private func sweep() async {
        while true {
            try? await Task.sleep(for: tick)
            let now = ContinuousClock.now
            let (expired, done) = state.withLock { s -> ([Waiter], Bool) in
                var out: [Waiter] = []
                for (id, w) in s.byID where w.deadline <= now {
                    out.append(w)
                    s.byID.removeValue(forKey: id)
                }
                if s.byID.isEmpty { s.sweeping = false }
                return (out, s.byID.isEmpty)
            }
            for w in expired { w.continuation.resume(returning: nil) }
            if done { return }
        }
    }

    /// Resumes the waiter for `id`, if there still is one. Returns whether there was.
    @discardableResult
    func settle(_ id: String, with receipt: ReceiptBatch.Receipt?) -> Bool {
        guard let w = state.withLock({ $0.byID.removeValue(forKey: id) }) else { return false }
        w.continuation.resume(returning: receipt)
        return true
    }
}
