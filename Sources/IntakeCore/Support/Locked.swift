public import Foundation

/// A value behind a pthread mutex, used the way Synchronization's `Mutex` is (`withLock`).
///
/// On Linux, `Mutex` waits on a futex inside the standard library, which ThreadSanitizer cannot
/// see: every contended lock then looks like a race, and a real race behind it would be lost
/// among them. A pthread mutex is seen by ThreadSanitizer's interceptors, so
/// `bash Docker/sanitize.sh thread` reports only races that exist. Uncontended, both cost one
/// atomic compare-and-swap.
public final class Locked<Value>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    // Only read or written with `mutex` held.
    private var value: Value

    public init(_ initialValue: Value) {
        value = initialValue
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        let rc = pthread_mutex_init(mutex, nil)
        precondition(rc == 0, "pthread_mutex_init failed: \(rc)")
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with the value, holding the lock.
    public func withLock<Result, Failure: Error>(
        _ body: (inout Value) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
