public import IntakeCore

/// When a spooled contact that still waits for its receipt is published again.
///
/// - Each contact backs off on its own: `redelivery` after its first publish, doubling with each
///   next one, up to `maxBackoff`.
/// - While the case writers are known to be down (`WriterPresence`), no contact is published
///   again more often than `writerDown`: a burst then would only queue at the broker and reach the
///   writer all at once when it returns.
/// - A contact whose last publish the broker has not acknowledged yet is not published again: one
///   contact is never in flight twice.
/// - The adapters process publishes at most `perSecond` contacts again per second, however many
///   are due (after an outage, thousands are due at once).
public struct RepublishPacing: Sendable, Equatable {
    public var redelivery: Duration
    public var writerDown: Duration
    public var maxBackoff: Duration
    public var perSecond: Int

    public init(redelivery: Duration = .seconds(10), writerDown: Duration = .seconds(60), maxBackoff: Duration = .seconds(600),
                perSecond: Int = 200) {
        self.redelivery = redelivery
        self.writerDown = writerDown
        self.maxBackoff = max(maxBackoff, redelivery)
        self.perSecond = max(1, perSecond)
    }

    public init(settings: IntakeSettings) {
        self.init(redelivery: settings.redeliveryInterval, writerDown: settings.republishWriterDownInterval,
                  perSecond: settings.republishPerSecond)
    }

    /// The wait after a contact's `published`-th publish before the next one.
    public func wait(afterPublishes published: Int, writer: WriterPresence.State) -> Duration {
        let backoff = min(redelivery * (1 << min(max(published - 1, 0), 16)), maxBackoff)
        return writer == .down ? max(backoff, writerDown) : backoff
    }
}
