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

    @Test("many senders within a minute: the table is swept a handful of times, not on every request, and idle keys go")
    func sweepsStayRare() {
        let limiter = RateLimiter(perMinute: 20, burst: 20)
        let t0 = ContinuousClock.now
        // 50,000 residents, each once, within 50 s: every key is still busy at every sweep.
        for i in 0..<50_000 {
            #expect(limiter.allow("+1520555\(i)", now: t0 + .milliseconds(i)), "sender \(i)")
        }
        // Sweeps at 10,000, 20,000 and 40,000 keys (each kept every key), not one per request past 10,000.
        #expect(limiter.sweeps == 3)
        #expect(limiter.keys == 50_000)
        // Two minutes later the old keys are idle. The table sweeps again when it has doubled (at
        // 80,000 keys, the 30,001st new sender), and forgets them.
        let later = t0 + .seconds(170)
        for i in 0...30_000 { _ = limiter.allow("+1602555\(i)", now: later + .milliseconds(i)) }
        #expect(limiter.sweeps == 4)
        #expect(limiter.keys == 30_001)
        // A key that was forgotten starts again with a full bucket.
        #expect((0..<20).allSatisfy { _ in limiter.allow("+15205550", now: later + .seconds(31)) })
    }
}
