import IntakeCore

/// A token bucket per key (a chat, a phone number, a client address): each key may send `burst`
/// requests at once, then one every `60 / perMinute` seconds. A webhook flooded by one sender or
/// one client answers it 429 while everyone else gets through.
public final class RateLimiter: Sendable {
    public let burst: Double
    public let perMinute: Double
    /// Keys idle this long have a full bucket again and are forgotten, so the table stays small.
    private let idleForget: Duration
    private let buckets = Locked<[String: (tokens: Double, at: ContinuousClock.Instant)]>([:])

    public init(perMinute: Int, burst: Int) {
        self.perMinute = Double(max(perMinute, 1))
        self.burst = Double(max(burst, 1))
        idleForget = .seconds(Int(60 * self.burst / self.perMinute) + 1)
    }

    /// Takes one token for `key`; false when its bucket is empty.
    public func allow(_ key: String, now: ContinuousClock.Instant = .now) -> Bool {
        buckets.withLock { b in
            if b.count > 10_000 { b = b.filter { now - $0.value.at < idleForget } }
            var (tokens, at) = b[key] ?? (burst, now)
            let elapsed = now - at
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            tokens = min(burst, tokens + seconds * perMinute / 60)
            guard tokens >= 1 else {
                b[key] = (tokens, now)
                return false
            }
            b[key] = (tokens - 1, now)
            return true
        }
    }

    /// Seconds until `key` has a token again (for `Retry-After`).
    public func retryAfter(_ key: String) -> Int {
        let tokens = buckets.withLock { $0[key]?.tokens ?? burst }
        return max(1, Int(((1 - tokens) * 60 / perMinute).rounded(.up)))
    }
}
