import IntakeBus
import IntakeCore
import Testing

@Suite("withTimeout")
struct WithTimeoutTests {
    @Test("a body that answers in time gives its value")
    func answers() async throws {
        let value = try await withTimeout(.seconds(5)) { 42 }
        #expect(value == 42)
    }

    @Test("a body's error is passed on as it is")
    func fails() async throws {
        struct Refused: Error {}
        await #expect(throws: Refused.self) {
            try await withTimeout(.seconds(5)) { () async throws -> Int in throw Refused() }
        }
    }

    // The time limit only turns a hang (withTimeout waiting for the body) into a failure.
    @Test("a body that ignores cancellation is still answered at the limit, with timedOut", .timeLimit(.minutes(2)))
    func limit() async throws {
        let gate = Gate()
        await #expect(throws: BusError.self) {
            try await withTimeout(.milliseconds(100)) { () async throws -> Int in
                // Waits on something that does not answer and cannot be cancelled.
                await withCheckedContinuation { gate.hold($0) }
                return 1
            }
        }
        // The answer came while the body was still held: it did not wait for the body, which
        // is let go only now. (No bound on the time: a busy machine may run the timer late.)
        #expect(!gate.isOpen)
        gate.open()
    }
}

/// Holds a continuation until `open()` (one that comes later is let through at once).
private final class Gate: Sendable {
    private let state = Locked<(waiting: CheckedContinuation<Void, Never>?, open: Bool)>((nil, false))

    func hold(_ c: CheckedContinuation<Void, Never>) {
        let now = state.withLock { s in
            if s.open { return true }
            s.waiting = c
            return false
        }
        if now { c.resume() }
    }

    var isOpen: Bool { state.withLock { $0.open } }

    func open() {
        let c = state.withLock { s in
            s.open = true
            defer { s.waiting = nil }
            return s.waiting
        }
        c?.resume()
    }
}
