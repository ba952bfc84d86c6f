import Foundation
import IntakeSpool
import IntakeTestSupport
import Logging
import Testing

@Suite("Contact spool")
struct SpoolTests {
    let logger = Logger(label: "spool-test")

    func open(_ dir: String) throws -> ContactSpool {
        try ContactSpool(configuration: .init(directory: dir), logger: logger)
    }

    @Test("what was appended and not acknowledged is pending again after a restart")
    func replay() async throws {
        let dir = try Paths.temporaryDirectory("spool")
        let spool = try open(dir)
        #expect(try await spool.append(id: "a", payload: Array("one".utf8)) == .spooled)
        #expect(try await spool.append(id: "b", payload: Array("two".utf8)) == .spooled)
        #expect(try await spool.append(id: "c", payload: Array("three".utf8)) == .spooled)
        spool.acknowledge([(id: "b", revision: 1)])
        await spool.close()

        let again = try open(dir)
        #expect(again.pending.map(\.id) == ["a", "c"])
        #expect(again.pendingContact("c")?.payload == Array("three".utf8))
        await again.close()
    }

    @Test("a provider retry of a pending contact is not written twice")
    func retry() async throws {
        let spool = try open(try Paths.temporaryDirectory("spool"))
        #expect(try await spool.append(id: "sms:SM1", payload: [1]) == .spooled)
        #expect(try await spool.append(id: "sms:SM1", payload: [2]) == .alreadyPending)
        #expect(spool.pendingCount == 1)
        #expect(spool.pendingContact("sms:SM1")?.payload == [1])
        await spool.close()
    }

    @Test("a record cut short by a crash is ignored, the ones before it kept")
    func tornTail() async throws {
        let dir = try Paths.temporaryDirectory("spool")
        let spool = try open(dir)
        _ = try await spool.append(id: "whole", payload: Array(repeating: 7, count: 100))
        await spool.close()
        let segment = try #require(try FileManager.default.contentsOfDirectory(atPath: dir).first { $0.hasSuffix(".spool") })
        let handle = try #require(FileHandle(forWritingAtPath: "\(dir)/\(segment)"))
        handle.seekToEndOfFile()
        // The start of a record whose body never made it to disk.
        handle.write(Data([UInt8(ascii: "S"), 1, 200, 0, 0, 0, 1, 2, 3, 4, 9, 9]))
        try handle.close()

        let again = try open(dir)
        #expect(again.pending.map(\.id) == ["whole"])
        _ = try await again.append(id: "after", payload: [1])
        await again.close()
        #expect(try open(dir).pending.map(\.id) == ["whole", "after"])
    }

    @Test("segments roll over and only what is pending is carried")
    func rotation() async throws {
        let dir = try Paths.temporaryDirectory("spool")
        let spool = try ContactSpool(configuration: .init(directory: dir, segmentBytes: 4096), logger: logger)
        for i in 0..<200 {
            _ = try await spool.append(id: "c\(i)", payload: Array(repeating: UInt8(i % 251), count: 200))
            if i % 10 != 0 { spool.acknowledge([(id: "c\(i)", revision: 1)]) }
        }
        await spool.close()
        let segments = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".spool") }
        #expect(segments.count == 1)
        let again = try open(dir)
        #expect(again.pending.map(\.id) == stride(from: 0, to: 200, by: 10).map { "c\($0)" })
        await again.close()
    }

    @Test("a later revision replaces the pending one; a receipt for an earlier revision leaves it pending")
    func revisions() async throws {
        let dir = try Paths.temporaryDirectory("spool")
        let spool = try open(dir)
        #expect(try await spool.append(id: "voice:CA1", revision: 1, payload: [1]) == .spooled)
        #expect(try await spool.append(id: "voice:CA1", revision: 2, payload: [2]) == .spooled)
        #expect(try await spool.append(id: "voice:CA1", revision: 1, payload: [9]) == .alreadyPending)
        spool.acknowledge([(id: "voice:CA1", revision: 1)])
        #expect(spool.pendingContact("voice:CA1")?.revision == 2)
        await spool.close()
        let again = try open(dir)
        #expect(again.pendingContact("voice:CA1")?.payload == [2])
        again.acknowledge([(id: "voice:CA1", revision: 2)])
        #expect(again.pendingCount == 0)
        await again.close()
    }

    @Test("two processes cannot share one spool")
    func locked() async throws {
        let dir = try Paths.temporaryDirectory("spool")
        let first = try open(dir)
        #expect(throws: SpoolError.self) { try open(dir) }
        await first.close()
    }

    @Test("concurrent appends share fsyncs and all become durable")
    func groupCommit() async throws {
        let dir = try Paths.temporaryDirectory("spool")
        let spool = try open(dir)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<500 {
                group.addTask { _ = try await spool.append(id: "c\(i)", payload: Array("contact \(i)".utf8)) }
            }
            try await group.waitForAll()
        }
        await spool.close()
        #expect(try open(dir).pendingCount == 500)
    }
}
