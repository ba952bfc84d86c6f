import Foundation
import NIOCore
import NIOPosix

/// Runs Swift concurrency's jobs on the same threads as the HTTP server's event loops.
///
/// Without it, every webhook crosses between two sets of threads twice (the event loop reads
/// the request, the cooperative pool handles it, the event loop writes the answer), and both
/// sets compete for the same cores. The process has one blocking-free pool either way: blocking
/// C calls (libpq, fsync, OCR) run on threads of their own. `INTAKE_SHARED_EXECUTOR=0` keeps
/// Swift's own pool.
enum SharedExecutor {
    /// Called first thing in `main`, on the main thread, before any task is started.
    static func installUnlessDisabled() {
        if let v = getenv("INTAKE_SHARED_EXECUTOR").map({ String(cString: $0).lowercased() }),
           ["0", "false", "no", "off"].contains(v) {
            return
        }
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
