/// "There may be work": wakes one waiter, or the next one to wait when nobody is waiting yet.
/// Wakes that come while nobody waits are merged into one.
///
/// Unlike racing an `AsyncStream` against a sleep in a task group, a timed-out wait leaves the
/// signal usable: cancelling a stream's consumer ends the stream for good.
public final class WakeSignal: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
        var generation = 0
    }
    private let state = Locked(State())

    public init() {}

    public func wake() {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            guard let w = s.waiter else {
                s.pending = true
                return nil
            }
            s.waiter = nil
            return w
        }
        waiter?.resume()
    }

    /// Returns on a wake, after `limit`, or when the waiting task is cancelled.
    public func wait(upTo limit: Duration) async {
        await withTaskCancellationHandler {
            await waitUncancelled(upTo: limit)
        } onCancel: {
            wake()
        }
    }

    private func waitUncancelled(upTo limit: Duration) async {
        let generation = state.withLock { s -> Int? in
            if s.pending {
                s.pending = false
                return nil
            }
            s.generation += 1
            return s.generation
        }
        guard let generation else { return }
        let timer = Task { [weak self] in
            try? await Task.sleep(for: limit)
            self?.expire(generation)
        }
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let now = state.withLock { s -> Bool in
                if s.pending || s.generation != generation {
                    s.pending = false
                    return true
                }
                s.waiter = c
                return false
            }
            if now { c.resume() }
        }
        timer.cancel()
    }

    private func expire(_ generation: Int) {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            guard s.generation == generation, let w = s.waiter else {
                // The wait has not started yet: let it return at once.
                if s.generation == generation { s.generation += 1 }
                return nil
            }
            s.waiter = nil
            return w
        }
        waiter?.resume()
    }
}
