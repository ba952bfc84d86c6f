import Foundation
import IntakeChannel
import Testing

/// The sent-reply log: a reply id recorded as sent is known again after a restart (a new
/// instance on the same folder), old ids are pruned, and a reply in flight is not claimed twice.
@Suite("Sent replies")
struct SentRepliesTests {
    static func folder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sent-replies-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("an id sent is known after a reopen; one released is not")
    func survivesReopen() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try SentReplies(directory: dir)
        #expect(first.claim("notice:1:1") == .claimed)
        try first.sent("notice:1:1")
        #expect(first.claim("notice:1:2") == .claimed)
        first.release("notice:1:2")
        #expect(first.claim("notice:1:1") == .alreadySent)

        let second = try SentReplies(directory: dir)
        #expect(second.claim("notice:1:1") == .alreadySent)
        #expect(second.claim("notice:1:2") == .claimed)
    }

    @Test("a reply in flight is not claimed by a second copy until it is released or sent")
    func inFlight() throws {
        let sent = try SentReplies(directory: nil)
        #expect(sent.claim("r") == .claimed)
        #expect(sent.claim("r") == .inFlight)
        sent.release("r")
        #expect(sent.claim("r") == .claimed)
        try sent.sent("r")
        #expect(sent.claim("r") == .alreadySent)
    }

    @Test("ids older than the age limit are dropped at start, and the log is rewritten without them")
    func prunedByAge() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let long = Date(timeIntervalSince1970: 1_800_000_000)
        let log = try SentReplies(directory: dir, maxAge: 86_400, now: long)
        try log.sent("old", at: long)
        try log.sent("recent", at: long.addingTimeInterval(2 * 86_400))
        let later = try SentReplies(directory: dir, maxAge: 86_400, now: long.addingTimeInterval(2 * 86_400 + 60))
        #expect(!later.contains("old"))
        #expect(later.contains("recent"))
        let text = try String(contentsOfFile: "\(dir)/sent.log", encoding: .utf8)
        #expect(!text.contains("old"))
        #expect(text.contains("recent"))
    }

    @Test("bounded: past its capacity the oldest ids are forgotten, and the log stays within twice the capacity")
    func bounded() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let sent = try SentReplies(directory: dir, capacity: 32)
        for i in 0..<200 {
            #expect(sent.claim("r\(i)") == .claimed)
            try sent.sent("r\(i)")
        }
        #expect(sent.count <= 32)
        #expect(sent.contains("r199"))
        #expect(!sent.contains("r0"))
        let lines = try String(contentsOfFile: "\(dir)/sent.log", encoding: .utf8).split(separator: "\n")
        #expect(lines.count <= 64)
        #expect(try SentReplies(directory: dir, capacity: 32).contains("r199"))
    }

    @Test("a torn last line (a crash mid-write) is skipped, the lines before it kept")
    func tornLine() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let now = Int(Date().timeIntervalSince1970)
        try Data("\(now) kept\n\(now)".utf8).write(to: URL(fileURLWithPath: "\(dir)/sent.log"))
        let sent = try SentReplies(directory: dir)
        #expect(sent.contains("kept"))
        #expect(sent.count == 1)
    }
}

@Suite("Reply retry")
struct ReplyRetryTests {
    @Test("waits double after each failed try, and there is no wait after the last")
    func delays() {
        let retry = ReplyRetry(attempts: 5, firstDelay: .seconds(1))
        #expect((1...5).map { retry.delay(after: $0) } == [.seconds(1), .seconds(2), .seconds(4), .seconds(8), nil])
        #expect(ReplyRetry(attempts: 1).delay(after: 1) == nil)
    }
}
