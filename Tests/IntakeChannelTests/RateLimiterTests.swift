import IntakeChannel
import Testing

@Suite("Rate limiter")
struct RateLimiterTests {
    @Test("a key gets its burst at once, then one request per 60/perMinute seconds; other keys are untouched")
    func tokenBucket() {
        let limiter = RateLimiter(perMinute: 6, burst: 3)
        let t0 = ContinuousClock.now
        #expect((0..<3).allSatisfy { _ in limiter.allow("chat-1", now: t0) })
        #expect(!limiter.allow("chat-1", now: t0))
        #expect(limiter.allow("chat-2", now: t0))
        // Six a minute: one token every ten seconds; a refused request costs nothing.
        #expect(!limiter.allow("chat-1", now: t0 + .seconds(9)))
        #expect(limiter.allow("chat-1", now: t0 + .seconds(11)))
        #expect(!limiter.allow("chat-1", now: t0 + .seconds(11)))
        #expect(limiter.allow("chat-1", now: t0 + .seconds(31)) && limiter.allow("chat-1", now: t0 + .seconds(31)))
        #expect(!limiter.allow("chat-1", now: t0 + .seconds(31)))
        // 0.1 of a token left: nine seconds to the next one.
        #expect((9...10).contains(limiter.retryAfter("chat-1")))
    }

    @Test("an idle key fills up to its burst and no further")
    func refillCapped() {
        let limiter = RateLimiter(perMinute: 60, burst: 2)
        let t0 = ContinuousClock.now
        #expect(limiter.allow("k", now: t0) && limiter.allow("k", now: t0))
        let later = t0 + .seconds(3600)
        #expect(limiter.allow("k", now: later) && limiter.allow("k", now: later))
        #expect(!limiter.allow("k", now: later))
    }
}
