@testable import IntakeBus
import IntakeCore
import Testing

@Suite("PUBACK waiters")
struct PubackWaitersTests {
    /// A waiter that records how it was finished.
    private static func waiter(_ log: Locked<[String]>, _ name: String, deadline: ContinuousClock.Instant?) -> PubackWaiter {
        PubackWaiter(resume: .callback { r in
            log.withLock { $0.append("\(name):\((try? r.get()) != nil ? "ok" : "failed")") }
        }, deadline: deadline)
    }

    @Test("only waiters past their deadline expire; the earliest deadline left is kept")
    func expiry() {
        let t0 = ContinuousClock.now
        let log = Locked<[String]>([])
        var w = PubackWaiters()
        w.insert(Self.waiter(log, "a", deadline: t0 + .seconds(1)), mid: 1)
        w.insert(Self.waiter(log, "b", deadline: t0 + .seconds(3)), mid: 2)
        w.insert(Self.waiter(log, "c", deadline: nil), mid: 3)
        w.insert(Self.waiter(log, "d", deadline: t0 + .seconds(2)), mid: 4)
        #expect(w.earliest == t0 + .seconds(1))
        #expect(w.expire(now: t0 + .milliseconds(500)).isEmpty)
        let first = w.expire(now: t0 + .milliseconds(1500))
        #expect(first.count == 1)
        #expect(w.earliest == t0 + .seconds(2))
        for x in first { x.finish(.failure(BusError.timedOut)) }
        #expect(log.withLock { $0 } == ["a:failed"])
        // Answered before its deadline: gone, and a later sweep finds nothing of it.
        w.remove(mid: 4)?.finish(.success(()))
        #expect(w.expire(now: t0 + .milliseconds(2500)).isEmpty)
        #expect(w.earliest == t0 + .seconds(3))
        #expect(w.expire(now: t0 + .seconds(10)).count == 1)
        // The one without a deadline waits until the client stops.
        #expect(w.earliest == nil)
        #expect(!w.isEmpty)
        #expect(w.removeAll().count == 1)
        #expect(w.isEmpty)
    }

    @Test("an earlier deadline inserted later becomes the earliest")
    func earlierLater() {
        let t0 = ContinuousClock.now
        let log = Locked<[String]>([])
        var w = PubackWaiters()
        w.insert(Self.waiter(log, "a", deadline: t0 + .seconds(5)), mid: 1)
        w.insert(Self.waiter(log, "b", deadline: t0 + .seconds(2)), mid: 2)
        #expect(w.earliest == t0 + .seconds(2))
    }
}
