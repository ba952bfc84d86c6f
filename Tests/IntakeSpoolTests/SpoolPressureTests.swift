import Foundation
import IntakeSpool
import IntakeTestSupport
import Logging
import Testing

@Suite("Contact spool under pressure")
struct SpoolPressureTests {
    let logger = Logger(label: "spool-pressure-test")

    @Test("past its contact limit the spool refuses new contacts, takes retries and new revisions, and takes new ones again after a receipt")
    func contactLimit() async throws {
        let spool = try ContactSpool(configuration: .init(directory: try Paths.temporaryDirectory("spool"), maxContacts: 2), logger: logger)
        #expect(try await spool.append(id: "a", payload: [1]) == .spooled)
        #expect(spool.pressure == .accepting)
        #expect(try await spool.append(id: "b", payload: [2]) == .spooled)
        #expect(spool.pressure != .accepting)
        await #expect(throws: SpoolError.self) { try await spool.append(id: "c", payload: [3]) }
        // What is already pending is never refused: a provider's retry, a later revision.
        #expect(try await spool.append(id: "a", payload: [1]) == .alreadyPending)
        #expect(try await spool.append(id: "b", revision: 2, payload: [22]) == .spooled)
        #expect(spool.pressure.reason?.contains("spool full") == true)

        spool.acknowledge([(id: "a", revision: 1)])
        #expect(spool.pressure == .accepting)
        #expect(try await spool.append(id: "c", payload: [3]) == .spooled)
        #expect(Set(spool.pending.map(\.id)) == ["b", "c"])
        await spool.close()
    }

    @Test("the byte limit counts payloads waiting for a receipt")
    func byteLimit() async throws {
        let spool = try ContactSpool(configuration: .init(directory: try Paths.temporaryDirectory("spool"), maxBytes: 1000), logger: logger)
        #expect(try await spool.append(id: "a", payload: Array(repeating: 1, count: 600)) == .spooled)
        await #expect(throws: SpoolError.self) { try await spool.append(id: "b", payload: Array(repeating: 2, count: 600)) }
        #expect(spool.pendingByteCount == 600)
        #expect(try await spool.append(id: "c", payload: Array(repeating: 3, count: 300)) == .spooled)
        spool.acknowledge([(id: "a", revision: 1)])
        #expect(try await spool.append(id: "b", payload: Array(repeating: 2, count: 600)) == .spooled)
        await spool.close()
    }

    @Test("on a full disk appends fail and are not pending; when space returns the spool takes contacts again and keeps them across a restart",
          .enabled(if: getuid() == 0, "needs root to mount a small tmpfs as the full disk"))
    func diskFull() async throws {
        let mountPoint = try Paths.temporaryDirectory("tinyspool")
        // mount(2) itself, not a mount process: a child spawned now would hold copies of other
        // tests' spool locks until it execs.
        guard mount("tmpfs", mountPoint, "tmpfs", 0, "size=1m") == 0 else {
            throw TestSetupError("mount tmpfs on \(mountPoint): \(String(cString: strerror(errno)))")
        }
        defer { umount2(mountPoint, Int32(MNT_DETACH)) }
        try await fillAndFree(mountPoint)
    }

    private func fillAndFree(_ mountPoint: String) async throws {
        let dir = "\(mountPoint)/spool"
        let spool = try ContactSpool(configuration: .init(directory: dir, retryInterval: .milliseconds(100)), logger: logger)
        #expect(try await spool.append(id: "before", payload: Array(repeating: 1, count: 100)) == .spooled)

        // Fill the disk to its last byte.
        let filler = "\(mountPoint)/filler"
        // Close-on-exec: a process another test spawns meanwhile must not keep the filler (and its
        // space) after the unlink below.
        let fd = open(filler, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        for size in [65536, 4096, 1] {
            let chunk = [UInt8](repeating: 0, count: size)
            while chunk.withUnsafeBytes({ write(fd, $0.baseAddress, size) }) == size {}
        }
        close(fd)

        var refusedID: String?
        for i in 0..<100 {
            do {
                _ = try await spool.append(id: "full-\(i)", payload: Array(repeating: 2, count: 2000))
            } catch {
                refusedID = "full-\(i)"
                break
            }
        }
        let refused = try #require(refusedID, "no append failed on a full disk")
        #expect(spool.pendingContact(refused) == nil)
        if case .writeFailing = spool.pressure {} else { Issue.record("pressure is \(spool.pressure), not writeFailing") }
        await #expect(throws: SpoolError.self) { try await spool.append(id: "still-full", payload: [3]) }

        unlink(filler)
        let deadline = ContinuousClock.now + .seconds(10)
        while spool.pressure != .accepting, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(spool.pressure == .accepting)
        #expect(try await spool.append(id: "after", payload: [4]) == .spooled)
        let pendingBefore = Set(spool.pending.map(\.id))
        await spool.close()

        let again = try ContactSpool(configuration: .init(directory: dir), logger: logger)
        #expect(Set(again.pending.map(\.id)) == pendingBefore)
        #expect(pendingBefore.contains("before") && pendingBefore.contains("after") && !pendingBefore.contains(refused))
        await again.close()
    }
}
