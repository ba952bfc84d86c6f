import Foundation
import IntakeTestSupport
@testable import ScannedMailChannel
import Testing

@Suite("Drop queue and ready files")
struct DropQueueTests {
    @Test("the queue holds at most its limit, never one name twice, and takes a name again once it is done")
    func bounded() async {
        let q = DropQueue(limit: 2)
        #expect(await q.offer("a.pdf"))
        #expect(await !q.offer("a.pdf"))
        #expect(await q.offer("b.pdf"))
        #expect(await !q.offer("c.pdf"))
        #expect(await q.count == 2)
        #expect(await q.next() == "a.pdf")
        // Still in hand: not queued again until done.
        #expect(await !q.offer("a.pdf"))
        #expect(await q.offer("c.pdf"))
        await q.done("a.pdf")
        #expect(await !q.offer("a.pdf"), "full again")
        _ = await q.next()
        #expect(await q.offer("a.pdf"))
        await q.close()
        _ = await q.next()
        _ = await q.next()
        #expect(await q.next() == nil)
    }

    @Test("a file is ready once closed and unchanged for the settle time; .part, dot-files and open files never are")
    func ready() throws {
        let dir = try Paths.temporaryDirectory("ready")
        for name in ["a.pdf", "b.pdf.part", ".c.pdf", "d.tif"] {
            try Data("x".utf8).write(to: URL(fileURLWithPath: "\(dir)/\(name)"))
        }
        var r = ReadyFiles(settle: .milliseconds(200))
        r.writing("d.tif")
        let t0 = ContinuousClock.now
        let first = r.scan(dir, now: t0)
        #expect(first.ready.isEmpty && first.settling)
        #expect(r.scan(dir, now: t0 + .milliseconds(100)).ready.isEmpty)
        #expect(r.scan(dir, now: t0 + .milliseconds(250)).ready == ["a.pdf"])
        r.closed("d.tif")
        #expect(r.scan(dir, now: t0 + .milliseconds(300)).ready.sorted() == ["a.pdf", "d.tif"])
        // Grown since: it settles again.
        try Data("xy".utf8).write(to: URL(fileURLWithPath: "\(dir)/a.pdf"))
        #expect(r.scan(dir, now: t0 + .milliseconds(400)).ready == ["d.tif"])
    }
}
