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
    }
    private let waiting = Mutex<(next: UInt64, byID: [String: Waiter])>((0, [:]))

    func wait(for id: String, timeout: Duration) async -> ReceiptBatch.Receipt? {
        guard timeout > .zero else { return nil }
        return await withCheckedContinuation { c in
            let (token, previous) = waiting.withLock { w -> (UInt64, Waiter?) in
                w.next += 1
                let previous = w.byID[id]
                w.byID[id] = Waiter(token: w.next, continuation: c)
                return (w.next, previous)
            }
            // A second request for the same contact (a provider retry) replaces the first.
            previous?.continuation.resume(returning: nil)
            Task {
                try? await Task.sleep(for: timeout)
                let expired = self.waiting.withLock { w -> Waiter? in
                    guard let current = w.byID[id], current.token == token else { return nil }
                    return w.byID.removeValue(forKey: id)
                }
                expired?.continuation.resume(returning: nil)
            }
        }
    }

    /// Resumes the waiter for `id`, if there still is one. Returns whether there was.
    @discardableResult
    func settle(_ id: String, with receipt: ReceiptBatch.Receipt?) -> Bool {
        guard let w = waiting.withLock({ $0.byID.removeValue(forKey: id) }) else { return false }
        w.continuation.resume(returning: receipt)
        return true
    }
}
