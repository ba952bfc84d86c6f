import Foundation
import Testing
@testable import intake_bench

@Suite("intake-bench process figures from /proc")
struct ProcessStatsTests {
    @Test("context switches are counted over every thread: a thread that sleeps and wakes adds its own")
    func switchesOfEveryThread() {
        let pid = getpid()
        let before = ProcessStats.contextSwitches(pid: pid)
        #expect(before > 0)
        // A thread of its own, which blocks 20 times: each block is one voluntary switch of that thread.
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            for _ in 0..<20 { usleep(1_000) }
            done.signal()
            // Stays alive until counted: the switches of a thread that has ended are not in /proc.
            usleep(500_000)
        }
        thread.start()
        done.wait()
        #expect(ProcessStats.contextSwitches(pid: pid) - before >= 20)
        // The tree of this process holds it at least.
        #expect(ProcessStats.tree(root: pid).contains(pid))
        // The process alone is read first: switches only grow, so the tree read after it can only be larger.
        let alone = ProcessStats.contextSwitches(pid: pid)
        #expect(ProcessStats.treeContextSwitches(root: pid) >= alone)
    }
}
