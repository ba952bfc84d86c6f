import Glibc
@testable import IntakeBus
import Testing

@Suite("Waking the bus client's network thread")
struct NetworkNudgeTests {
    /// Whether the nudge pipe has something to read, without waiting.
    private static func readable(_ n: NetworkNudge) -> Bool {
        var fd = pollfd(fd: n.readFD, events: Int16(POLLIN), revents: 0)
        return poll(&fd, 1, 0) == 1
    }

    /// A packet queued while the thread waits wakes it, once however many are queued; one queued
    /// while it is awake (its own acknowledgements and publishes) costs no write at all.
    @Test func wakesOnlyASleepingThread() {
        let n = NetworkNudge()
        #expect(n.readFD >= 0)
        n.nudge()
        #expect(!Self.readable(n), "awake: nothing written")
        n.willSleep()
        n.nudge()
        n.nudge()
        #expect(Self.readable(n))
        n.drain()
        #expect(!Self.readable(n), "drained")
        n.nudge()
        #expect(!Self.readable(n), "the first nudge of a sleep is the only one that writes")
        n.willSleep()
        n.awake()
        n.nudge()
        #expect(!Self.readable(n), "woken by the socket instead: nothing written")
    }
}
