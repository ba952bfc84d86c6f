public import IntakeCore

/// How a failed reply is tried again: `attempts` tries in all, waiting `firstDelay` after the
/// first failure and twice as long after each next one (1 s, 2 s, 4 s, 8 s by default), then it
/// is dead-lettered with the last reason.
public struct ReplyRetry: Sendable, Equatable {
    public var attempts: Int
    public var firstDelay: Duration

    public init(attempts: Int = 5, firstDelay: Duration = .seconds(1)) {
        self.attempts = max(1, attempts)
        self.firstDelay = firstDelay
    }

    public init(settings: IntakeSettings) {
        self.init(attempts: settings.replyAttempts, firstDelay: settings.replyRetryDelay)
    }

    /// The wait after failed try number `attempt` (1-based), or nil when it was the last.
    public func delay(after attempt: Int) -> Duration? {
        guard attempt < attempts else { return nil }
        return firstDelay * (1 << min(attempt - 1, 20))
    }
}
