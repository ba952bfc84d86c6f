import Synchronization
public import IntakeCore

/// Requests waiting for the receipt of their contact, so that a webhook can answer with the case
/// reference when the case commits quickly.
///
/// Exactly one side settles each wait: the receipt (`settle`) or the timeout. Whichever comes
/// second finds nothing, so a reference is never both answered in the webhook and sent later.
final class ReceiptWaiters: Sendable {
    private struct Waiter {
        var token: UInt64
        var continuation: CheckedContinuation<ReceiptBatch.Receipt?, Never>
        var timer: Task<Void, Never>?
    }
    private let waiting = Mutex<(next: UInt64, byID: [String: Waiter])>((0, [:]))

    func wait(for id: String, timeout: Duration) async -> ReceiptBatch.Receipt? {
        guard timeout > .zero else { return nil }
        return await withCheckedContinuation { c in
            let (token, previous) = waiting.withLock { w -> (UInt64, Waiter?) in
                w.next += 1
                let previous = w.byID[id]
                w.byID[id] = Waiter(token: w.next, continuation: c, timer: nil)
                return (w.next, previous)
            }
            // A second request for the same contact (a provider retry) replaces the first.
            previous?.timer?.cancel()
            previous?.continuation.resume(returning: nil)
            let timer = Task {
                try? await Task.sleep(for: timeout)
                guard !Task.isCancelled else { return }
                self.expire(id, token: token)
            }
            let settled = waiting.withLock { w -> Bool in
                guard w.byID[id]?.token == token else { return true }
                w.byID[id]?.timer = timer
                return false
            }
            // Settled before the timer was noted: nothing left for it to do.
            if settled { timer.cancel() }
        }
    }

    private func expire(_ id: String, token: UInt64) {
        let expired = waiting.withLock { w -> Waiter? in
            guard w.byID[id]?.token == token else { return nil }
            return w.byID.removeValue(forKey: id)
        }
        expired?.continuation.resume(returning: nil)
    }

    /// Resumes the waiter for `id`, if there still is one. Returns whether there was.
    @discardableResult
    func settle(_ id: String, with receipt: ReceiptBatch.Receipt?) -> Bool {
        guard let w = waiting.withLock({ $0.byID.removeValue(forKey: id) }) else { return false }
        // The timer would otherwise sleep on, holding memory, until the full wait has passed.
        w.timer?.cancel()
        w.continuation.resume(returning: receipt)
        return true
    }
}
