import Foundation
import NIOCore
import NIOPosix

/// Runs Swift concurrency's jobs on the same threads as the HTTP server's event loops.
///
/// Without it, every webhook crosses between two sets of threads twice (the event loop reads
/// the request, the cooperative pool handles it, the event loop writes the answer), and both
/// sets compete for the same cores. Off unless `INTAKE_SHARED_EXECUTOR=on`: with it on, a
/// restarted `intake run` reading scanned mail was seen not to answer `/health` (not yet
/// understood), so it is an opt-in for benchmarks.
enum SharedExecutor {
    /// Called first thing in `main`, on the main thread, before any task is started.
    static func installIfAsked() {
        guard let v = getenv("INTAKE_SHARED_EXECUTOR").map({ String(cString: $0).lowercased() }),
              ["1", "true", "yes", "on"].contains(v) else { return }
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
