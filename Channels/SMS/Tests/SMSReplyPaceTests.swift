import Foundation
import IntakeCore
import IntakeTestSupport
import Testing

/// Replies after an outage come due all at once; they reach the provider (a recording local
/// server standing in for Twilio, slow to answer) no faster than `INTAKE_REPLY_RATE_PER_SECOND`
/// and never more than `INTAKE_REPLY_CONCURRENCY` at a time.
@Suite("SMS replies, paced")
struct SMSReplyPaceTests {
    struct Pace {
        var sent: Int
        var eachOnce: Bool
        var span: Duration
        var mostInOneSecond: Int
    }

    /// What the provider saw of the messages to `numbers`.
    static func pace(of requests: [RecordingServer.Recorded], numbers: [String]) -> Pace {
        let posts = requests.filter { $0.method == "POST" && $0.path.hasSuffix("/Messages.json") }.sorted { $0.at < $1.at }
        let eachOnce = numbers.allSatisfy { n in posts.filter { $0.body.contains(SMSReplyTests.form(n)) }.count == 1 }
        let span = (posts.last?.at).flatMap { last in posts.first.map { last - $0.at } } ?? .zero
        let most = posts.map { p in posts.filter { $0.at >= p.at && $0.at - p.at < .seconds(1) }.count }.max() ?? 0
        return Pace(sent: posts.count, eachOnce: eachOnce, span: span, mostInOneSecond: most)
    }

    @Test("a burst of replies: each sent once, started at most 5 a second, at most 2 in flight")
    func burstIsPaced() async throws {
        let settings = ["INTAKE_REPLY_CONCURRENCY": "2", "INTAKE_REPLY_RATE_PER_SECOND": "5"]
        try await ChannelHarness.with(stages: [.adapters], settings: settings) { h in
            // Slower than the pace: with 5 started a second and 700 ms each, 4 would be in flight
            // at once without the bound of 2.
            h.provider.delayPosts(.milliseconds(700))
            let topics = h.intake.settings.topics
            let count = 12
            let numbers = (0..<count).map { "+1520555\(2000 + $0)" }
            for (i, number) in numbers.enumerated() {
                let reply = SMSReplyTests.reply("pace:\(i)", to: number, text: "Your case number is TUC-2026-\(100_000 + i).")
                try SMSReplyTests.publish(reply, with: h.probe, topics: topics)
            }
            _ = try await h.provider.waitFor(timeout: .seconds(30)) { _ in SMSReplyTests.sent(h.provider).count >= count }
            try await Task.sleep(for: .seconds(1))

            let pace = Self.pace(of: h.provider.requests, numbers: numbers)
            #expect(pace.sent == count)
            #expect(pace.eachOnce)
            // 12 starts 200 ms apart span 2.2 s (less a little for the network's jitter).
            #expect(pace.span >= .milliseconds(1_900))
            // In any one second, at most 5 started (and one more for jitter at the window's edge).
            #expect(pace.mostInOneSecond <= 6)
            #expect(h.provider.mostConcurrentPosts <= 2)
            #expect(h.provider.mostConcurrentPosts >= 1)
        }
    }
}
