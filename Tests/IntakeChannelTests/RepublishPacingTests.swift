import Foundation
import IntakeChannel
import IntakeCore
import Testing

@Suite("Republish pacing and writer presence")
struct RepublishPacingTests {
    @Test("a contact backs off from the redelivery interval, doubling, up to the maximum")
    func backoff() {
        let p = RepublishPacing(redelivery: .seconds(10), writerDown: .seconds(60), maxBackoff: .seconds(600), perSecond: 100)
        #expect(p.wait(afterPublishes: 1, writer: .online) == .seconds(10))
        #expect(p.wait(afterPublishes: 2, writer: .online) == .seconds(20))
        #expect(p.wait(afterPublishes: 4, writer: .unknown) == .seconds(80))
        #expect(p.wait(afterPublishes: 30, writer: .online) == .seconds(600))
    }

    @Test("while the writers are down, no contact is published again sooner than the writer-down interval")
    func writerDown() {
        let p = RepublishPacing(redelivery: .seconds(1), writerDown: .seconds(60), perSecond: 100)
        #expect(p.wait(afterPublishes: 1, writer: .down) == .seconds(60))
        #expect(p.wait(afterPublishes: 1, writer: .online) == .seconds(1))
    }

    static func report(_ state: StatusReport.State, interval: Double? = nil) -> [UInt8] {
        IntakeJSON.encode(StatusReport(component: "writer", instance: "w", state: state, version: "test", since: nil,
                                       lastSeen: interval == nil ? nil : Date(), intervalSeconds: interval))
    }

    @Test("writers: unknown until heard, online while one says so, down when all say offline or fall silent")
    func presence() {
        let w = WriterPresence()
        let t0 = ContinuousClock.now
        #expect(w.state(now: t0) == .unknown)
        w.heard(instance: "a", payload: Self.report(.online, interval: 5), now: t0)
        w.heard(instance: "b", payload: Self.report(.offline), now: t0)
        #expect(w.state(now: t0 + .seconds(1)) == .online)
        // Silent for three heartbeats: gone, whatever it said last.
        #expect(w.state(now: t0 + .seconds(16)) == .down)
        w.heard(instance: "a", payload: Self.report(.offline), now: t0 + .seconds(2))
        #expect(w.state(now: t0 + .seconds(3)) == .down)
        // A retained status cleared (empty payload) forgets the instance.
        w.heard(instance: "a", payload: [], now: t0)
        w.heard(instance: "b", payload: [], now: t0)
        #expect(w.state(now: t0) == .unknown)
    }

    @Test("replies to one provider: at most the bound at once, started no faster than the rate")
    func throttle() async throws {
        let throttle = ReplyThrottle(limits: .init(concurrency: 2, perSecond: 20))
        let tally = Tally()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<10 {
                group.addTask {
                    try await throttle.send(provider: "twilio") {
                        tally.start()
                        try await Task.sleep(for: .milliseconds(120))
                        tally.end()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(tally.state.withLock { $0.most } == 2)
        let s = tally.state.withLock { $0.starts }.sorted()
        #expect(s.count == 10)
        // 20 a second: 10 starts span at least 9 × 50 ms (a late wake-up may shorten one gap, not the whole).
        if let first = s.first, let last = s.last {
            #expect(last - first >= .milliseconds(430))
        }
        // Another provider has places of its own.
        let other = try await throttle.send(provider: "telegram") { 7 }
        #expect(other == 7)
    }
}

/// Sends running at once, the most at once, and when each started.
private final class Tally: Sendable {
    let state = Locked((now: 0, most: 0, starts: [ContinuousClock.Instant]()))

    func start() {
        state.withLock { s in
            s.now += 1
            s.most = max(s.most, s.now)
            s.starts.append(.now)
        }
    }

    func end() {
        state.withLock { $0.now -= 1 }
    }
}
