import IntakeBus
import Testing

@Suite("Reconnect backoff")
struct ReconnectBackoffTests {
    @Test("doubles from the initial delay up to the maximum, within the jitter band")
    func grows() {
        var b = ReconnectBackoff(initial: .milliseconds(100), maximum: .seconds(2))
        #expect(b.next(jitter: 1) == .milliseconds(100))
        #expect(b.next(jitter: 1) == .milliseconds(200))
        #expect(b.next(jitter: 1) == .milliseconds(400))
        #expect(b.next(jitter: 0) == .milliseconds(600))  // 800 ms at 75%
        for _ in 0..<40 { _ = b.next(jitter: 0.5) }
        #expect(b.next(jitter: 1) == .seconds(2))
        #expect(b.next(jitter: 0) == .milliseconds(1500))
    }

    @Test("starts over after a successful connection")
    func resets() {
        var b = ReconnectBackoff(initial: .milliseconds(100), maximum: .seconds(2))
        _ = b.next(jitter: 1)
        _ = b.next(jitter: 1)
        b.reset()
        #expect(b.attempts == 0)
        #expect(b.next(jitter: 1) == .milliseconds(100))
    }
}
