import Foundation
import NIOCore
import NIOPosix

/// Runs Swift concurrency's jobs on the same threads as the HTTP server's event loops.
///
/// Without it, every webhook crosses between two sets of threads twice (the event loop reads
/// the request, the cooperative pool handles it, the event loop writes the answer), and both
/// sets compete for the same cores. On unless `INTAKE_SHARED_EXECUTOR=off`. A task that never
/// suspends for long now holds up requests on its loop, as it held up a pool thread before: the
/// drop-folder watcher's busy loop (a wake-up stream ended by its first timeout) did exactly that.
enum SharedExecutor {
    /// Called first thing in `main`, on the main thread, before any task is started.
    static func installUnlessOff() {
        if let v = getenv("INTAKE_SHARED_EXECUTOR").map({ String(cString: $0).lowercased() }),
           ["0", "false", "no", "off"].contains(v) { return }
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
