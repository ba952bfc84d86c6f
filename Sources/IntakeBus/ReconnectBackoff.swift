/// Delays between reconnect attempts: exponential from `initial` to `maximum`, with up to 25%
/// jitter so that many clients cut off together do not return together. Pure: no clock, no I/O.
public struct ReconnectBackoff: Sendable {
    public var initial: Duration
    public var maximum: Duration
    public private(set) var attempts = 0

    public init(initial: Duration = .milliseconds(250), maximum: Duration = .seconds(15)) {
        precondition(initial > .zero && maximum >= initial)
        self.initial = initial
        self.maximum = maximum
    }

    /// The delay before the next attempt. `jitter` in 0...1 picks where in the 75–100% band it lands.
    public mutating func next(jitter: Double = Double.random(in: 0...1)) -> Duration {
        let exponent = min(attempts, 30)
        attempts += 1
        let base = min(initial * (1 << exponent), maximum)
        return base * (0.75 + 0.25 * min(max(jitter, 0), 1))
    }

    /// After a connection succeeds, start from `initial` again.
    public mutating func reset() { attempts = 0 }
}
