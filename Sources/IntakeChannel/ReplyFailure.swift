/// What a channel's `deliver` throws to say more than "it failed".
///
/// A failure that will fail the same way however often it is tried (an invalid number, a
/// resident who unsubscribed, a reply with nowhere to go) is `permanent`: the reply is
/// dead-lettered at once. Any other error is taken as transient and retried with backoff.
public protocol ReplyFailureKind: Error {
    var isPermanent: Bool { get }
}

/// Not sent, on purpose, and not a failure: the resident asked for nothing more on this channel
/// (an SMS number that texted STOP). The reply counts as handled and is never retried.
public struct ReplySuppressed: Error, CustomStringConvertible, Sendable {
    /// A short label for the metric: `opted_out` …
    public var reason: String

    public init(reason: String) {
        self.reason = reason
    }

    public var description: String { "reply suppressed: \(reason)" }
}

extension ChannelError: ReplyFailureKind {
    /// A channel that cannot send, or a reply without an address, fails the same way every time.
    public var isPermanent: Bool { true }
}
