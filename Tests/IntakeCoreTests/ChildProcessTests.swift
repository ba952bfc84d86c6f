import Foundation
import IntakeCore
import Testing

@Suite("Child processes")
struct ChildProcessTests {
    @Test("a child inherits no descriptor beyond 0, 1 and 2: a socket the parent closes ends for its peer at once")
    func noInheritedDescriptors() throws {
        // A socket pair without close-on-exec, as SwiftNIO accepts connections.
        var pair: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0)
        defer { close(pair[1]) }
        let log = NSTemporaryDirectory() + "child-\(UUID().uuidString).log"
        defer { unlink(log) }
        let pid = try ChildProcess.spawn("/bin/sleep", ["5"], output: log)
        defer {
            kill(pid, SIGKILL)
            _ = ChildProcess.wait(pid)
        }
        close(pair[0])
        // The peer sees the end while the child still runs.
        var p = pollfd(fd: pair[1], events: Int16(POLLIN), revents: 0)
        #expect(poll(&p, 1, 2_000) == 1, "the child kept the parent's socket open")
        var byte: UInt8 = 0
        #expect(read(pair[1], &byte, 1) == 0)
        #expect(ChildProcess.poll(pid) == nil, "the child should still be running")
    }
}
