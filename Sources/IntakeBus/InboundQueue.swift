import Foundation

/// Carries messages from libmosquitto's network thread to an async consumer.
///
/// It is bounded: when the consumer falls behind, `push` blocks the network thread, the socket
/// stops being read, and TCP pushes back on the broker, instead of memory filling up.
final class InboundQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var buffer: [BusMessage] = []
    private var head = 0
    private var waiter: CheckedContinuation<BusMessage?, Never>?
    private var finished = false
    /// Messages taken by `nextTracked` whose handling has not ended yet (`handled`).
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Called on the network thread. Blocks while the queue is full.
    func push(_ message: BusMessage) {
        condition.lock()
        if let w = waiter {
            waiter = nil
            condition.unlock()
            w.resume(returning: message)
            return
        }
        while buffer.count - head >= capacity && !finished {
            condition.wait()
        }
        if finished {
            condition.unlock()
            return
        }
        buffer.append(message)
        condition.unlock()
    }

    func next() async -> BusMessage? {
        await withCheckedContinuation { c in takeOrWait(c) }
    }

    private func takeOrWait(_ c: CheckedContinuation<BusMessage?, Never>) {
        condition.lock()
        if let m = popLocked() {
            condition.unlock()
            c.resume(returning: m)
        } else if finished {
            condition.unlock()
            c.resume(returning: nil)
        } else {
            waiter = c
            condition.unlock()
        }
    }

    /// Everything already queued, without waiting; for batching consumers.
    func drainAvailable(max: Int) -> [BusMessage] {
        condition.lock()
        defer { condition.unlock() }
        var out: [BusMessage] = []
        while out.count < max, let m = popLocked() { out.append(m) }
        return out
    }

    func finish() {
        condition.lock()
        finished = true
        let w = waiter
        waiter = nil
        condition.broadcast()
        condition.unlock()
        w?.resume(returning: nil)
    }

    private func popLocked() -> BusMessage? {
        guard head < buffer.count else { return nil }
        let m = buffer[head]
        head += 1
        if head > 4096 && head * 2 > buffer.count {
            buffer.removeFirst(head)
            head = 0
        }
        condition.signal()
        return m
    }
}

/// The messages a client receives, as an async sequence.
public struct BusSubscription: AsyncSequence, Sendable {
    public typealias Element = BusMessage
    let queue: InboundQueue

    public struct AsyncIterator: AsyncIteratorProtocol {
        let queue: InboundQueue
        public mutating func next() async -> BusMessage? { await queue.next() }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(queue: queue) }

    /// Waits for one message, then takes whatever else is already waiting, up to `max` in all.
    public func nextBatch(max: Int) async -> [BusMessage]? {
        guard let first = await queue.next() else { return nil }
        return [first] + queue.drainAvailable(max: max - 1)
    }
}
