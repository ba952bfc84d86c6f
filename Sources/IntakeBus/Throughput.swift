import Synchronization

/// Counts work done so that a status heartbeat can report it per second: each `perSecond` call
/// takes the count since the previous one.
public final class Throughput: Sendable {
    private let count = Atomic<Int>(0)

    public init() {}

    public func add(_ n: Int = 1) {
        count.add(n, ordering: .relaxed)
    }

    /// The count since the last call, per second of `elapsed`.
    public func perSecond(over elapsed: Duration) -> Double {
        let n = count.exchange(0, ordering: .relaxed)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return seconds > 0 ? Double(n) / seconds : 0
    }
}
