import IntakeCore

/// A token bucket per key (a chat, a phone number, a client address): each key may send `burst`
/// requests at once, then one every `60 / perMinute` seconds. A webhook flooded by one sender or
/// one client answers it 429 while everyone else gets through.
public final class RateLimiter: Sendable {
    public let burst: Double
    public let perMinute: Double
    /// Keys idle this long have a full bucket again and are forgotten, so the table stays small.
    private let idleForget: Duration
    /// The table is swept once it reaches this many keys.
    public static let sweepFloor = 10_000

    private struct State {
        var buckets: [String: (tokens: Double, at: ContinuousClock.Instant)] = [:]
        /// Twice what the last sweep kept (at least `sweepFloor`). A sweep that keeps every key,
        /// because they are all busy, is not tried again on the next request: the table must double
        /// first, so each request pays a constant share of the sweeps (before, a city with more
        /// than 10,000 senders within a minute swept the whole table on every request).
        var sweepAt = RateLimiter.sweepFloor
        var sweeps = 0
    }
    private let state = Locked(State())

    public init(perMinute: Int, burst: Int) {
        self.perMinute = Double(max(perMinute, 1))
        self.burst = Double(max(burst, 1))
        idleForget = .seconds(Int(60 * self.burst / self.perMinute) + 1)
    }

    /// Takes one token for `key`; false when its bucket is empty.
    public func allow(_ key: String, now: ContinuousClock.Instant = .now) -> Bool {
        state.withLock { s in
            if s.buckets.count >= s.sweepAt {
                s.buckets = s.buckets.filter { now - $0.value.at < idleForget }
                s.sweepAt = max(Self.sweepFloor, 2 * s.buckets.count)
                s.sweeps += 1
            }
            var (tokens, at) = s.buckets[key] ?? (burst, now)
            let elapsed = now - at
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            tokens = min(burst, tokens + seconds * perMinute / 60)
            guard tokens >= 1 else {
                s.buckets[key] = (tokens, now)
                return false
            }
            s.buckets[key] = (tokens - 1, now)
            return true
        }
    }

    /// Keys held, and how many sweeps of the table there have been (for tests and gauges).
    public var keys: Int { state.withLock { $0.buckets.count } }
    public var sweeps: Int { state.withLock { $0.sweeps } }

    /// Seconds until `key` has a token again (for `Retry-After`).
    public func retryAfter(_ key: String) -> Int {
        let tokens = state.withLock { $0.buckets[key]?.tokens ?? burst }
        return max(1, Int(((1 - tokens) * 60 / perMinute).rounded(.up)))
    }
}
