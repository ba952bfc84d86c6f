import Dispatch

/// A thread of its own for libetpan's blocking calls, so that a slow mail server never holds a
/// thread of Swift's cooperative pool (as libmosquitto's loop runs on its own thread in IntakeBus).
final class BlockingQueue: Sendable {
    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try body() })
            }
        }
    }
}
