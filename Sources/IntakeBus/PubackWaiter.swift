/// What waits for one PUBACK: a suspended task or a callback, with the instant after which the
/// network thread gives up on it (a PUBACK lost with its connection never comes).
///
/// Deadlines are kept by the client's network thread, which wakes for the earliest of them, so a
/// publish that waits costs no timer task of its own.
struct PubackWaiter: Sendable {
    enum Resume: Sendable {
        case continuation(CheckedContinuation<Void, any Error>)
        case callback(@Sendable (Result<Void, any Error>) -> Void)
    }

    let resume: Resume
    let deadline: ContinuousClock.Instant?

    func finish(_ result: Result<Void, any Error>) {
        switch resume {
        case .continuation(let c): c.resume(with: result)
        case .callback(let f): f(result)
        }
    }
}

/// The PUBACK waiters of one client by message id, and the earliest deadline among them.
struct PubackWaiters {
    private var byMID: [Int32: PubackWaiter] = [:]
    /// No waiter's deadline is earlier than this; it may be earlier than every deadline left
    /// (the waiter that had it was answered), which costs one early sweep.
    private(set) var earliest: ContinuousClock.Instant?

    var isEmpty: Bool { byMID.isEmpty }

    mutating func insert(_ w: PubackWaiter, mid: Int32) {
        byMID[mid] = w
        if let d = w.deadline, earliest.map({ d < $0 }) ?? true { earliest = d }
    }

    mutating func remove(mid: Int32) -> PubackWaiter? {
        byMID.removeValue(forKey: mid)
    }

    /// Removes and returns the waiters whose deadline has passed.
    mutating func expire(now: ContinuousClock.Instant) -> [PubackWaiter] {
        guard let e = earliest, e <= now else { return [] }
        var out: [PubackWaiter] = []
        var next: ContinuousClock.Instant?
        for (mid, w) in byMID {
            guard let d = w.deadline else { continue }
            if d <= now {
                out.append(w)
                byMID.removeValue(forKey: mid)
            } else if next.map({ d < $0 }) ?? true {
                next = d
            }
        }
        earliest = next
        return out
    }

    mutating func removeAll() -> [PubackWaiter] {
        defer {
            byMID.removeAll()
            earliest = nil
        }
        return Array(byMID.values)
    }
}
