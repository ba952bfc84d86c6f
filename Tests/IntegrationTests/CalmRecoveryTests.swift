import Foundation
import IntakeCore
import IntakeServer
import IntakeTestSupport
import Testing

/// Recovering from a writer outage without a storm: while every case writer says offline on its
/// retained status topic, the adapters publish the contacts that wait for a receipt again only
/// at a slow pace; when a writer is back, they publish them at once but within a budget per second;
/// each is stored once and receipted.
@Suite("Calm recovery")
struct CalmRecoveryTests {
    /// Posts `count` signed SMS to the adapters and returns their contact ids.
    static func postSMS(_ count: Int, to adapters: RunningIntake) async throws -> [String] {
        var ids: [String] = []
        for i in 0..<count {
            let sid = TestTwilio.messageSID()
            let r = try await TestTwilio.post("\(adapters.baseURL)/twilio/sms",
                                              parameters: TestTwilio.smsParameters(body: "Graffiti on wall number \(i) of Stone Ave", sid: sid))
            #expect(r.status == 200)
            ids.append("sms:\(sid)")
        }
        return ids
    }

    /// How many times each contact was published on `contact/sms`, as the probe saw it.
    static func publishes(_ probe: BusProbe, topics: TopicTree) -> [String: Int] {
        var counts: [String: Int] = [:]
        for m in probe.messages(on: topics.contact(channel: "sms")) {
            if let c = try? IntakeJSON.decode(ContactEnvelope.self, from: m.payload) { counts[c.id, default: 0] += 1 }
        }
        return counts
    }

    /// The contact ids the writer's receipts on `receipt/twilio-sms` named.
    static func receipted(_ probe: BusProbe, topics: TopicTree) -> Set<String> {
        var ids = Set<String>()
        for m in probe.messages(on: topics.receipt(adapter: "twilio-sms")) {
            if let b = try? IntakeJSON.decode(ReceiptBatch.self, from: m.payload) { ids.formUnion(b.receipts.map(\.contactID)) }
        }
        return ids
    }

    @Test("the writer is down: each waiting contact is published a bounded number of times; when it is back each is stored once and receipted")
    func pacedWhileWriterDown() async throws {
        try await TestStack.with { stack in
            // A writer that ran and stopped: its retained status says offline.
            let writer = try await RunningIntake.start(stack, stages: [.writer])
            await writer.stop()
            let topics = try stack.settings().topics
            let probe = try BusProbe(stack)
            try await probe.start(subscribing: [topics.contact(channel: "sms"), topics.receipt(adapter: "twilio-sms")])
            defer { Task { await probe.stop() } }
            // Redelivery every second (doubling) would publish each contact 4 times in 8 s; with the
            // writer known down, once in 30 s.
            let settings = ["INTAKE_ACK_WAIT_MS": "100", "INTAKE_REDELIVERY_SECONDS": "1", "INTAKE_REPUBLISH_WRITER_DOWN_SECONDS": "30"]
            try await RunningIntake.with(stack, stages: [.adapters, .enrich], settings: settings) { adapters in
                let ids = try await Self.postSMS(8, to: adapters)
                try await Task.sleep(for: .seconds(8))
                let counts = Self.publishes(probe, topics: topics)
                for id in ids {
                    #expect((1...2).contains(counts[id] ?? 0), "published \(counts[id] ?? 0) times while the writer was down")
                }

                // Back: published again at once (not after 30 s), stored once, receipted.
                try await RunningIntake.with(stack, stages: [.writer]) { _ in
                    try await stack.waitForValue("SELECT count(*) FROM contacts", equals: "\(ids.count)", timeout: .seconds(20))
                    try await probe.waitFor(timeout: .seconds(10), "receipts for every contact") { _ in
                        Self.receipted(probe, topics: topics).isSuperset(of: ids)
                    }
                    // Nothing is published again once receipted.
                    let settled = Self.publishes(probe, topics: topics)
                    try await Task.sleep(for: .seconds(3))
                    #expect(Self.publishes(probe, topics: topics) == settled)
                    try await stack.waitForValue("SELECT count(DISTINCT id) FROM contacts", equals: "\(ids.count)")
                }
            }
        }
    }

    @Test("many contacts due at once are published again within INTAKE_REPUBLISH_PER_SECOND, each once at a time")
    func budgetPerSecond() async throws {
        try await TestStack.with { stack in
            let writer = try await RunningIntake.start(stack, stages: [.writer])
            await writer.stop()
            let topics = try stack.settings().topics
            let probe = try BusProbe(stack)
            try await probe.start(subscribing: [topics.contact(channel: "sms")])
            defer { Task { await probe.stop() } }
            let settings = ["INTAKE_ACK_WAIT_MS": "50", "INTAKE_REPUBLISH_WRITER_DOWN_SECONDS": "600", "INTAKE_REPUBLISH_PER_SECOND": "4"]
            try await RunningIntake.with(stack, stages: [.adapters, .enrich], settings: settings) { adapters in
                let ids = try await Self.postSMS(12, to: adapters)
                try await probe.waitFor(timeout: .seconds(10), "the first publishes") { _ in
                    Self.publishes(probe, topics: topics).count == ids.count
                }
                let before = probe.messages(on: topics.contact(channel: "sms")).count

                // The writer's return makes all 12 due at once; the arrivals of their copies are timed.
                let arrivals = Locked<[ContinuousClock.Instant]>([])
                let watch = Task {
                    var seen = before
                    while !Task.isCancelled {
                        let n = probe.messages(on: topics.contact(channel: "sms")).count
                        if n > seen {
                            arrivals.withLock { $0 += Array(repeating: ContinuousClock.now, count: n - seen) }
                            seen = n
                        }
                        try? await Task.sleep(for: .milliseconds(20))
                    }
                }
                try await RunningIntake.with(stack, stages: [.writer]) { _ in
                    try await stack.waitForValue("SELECT count(*) FROM contacts", equals: "\(ids.count)", timeout: .seconds(30))
                }
                watch.cancel()
                let times = arrivals.withLock { $0 }
                let counts = Self.publishes(probe, topics: topics)
                #expect(times.count >= ids.count / 2)
                // 4 a second: no second holds more than 4, and one for each edge of the window.
                let most = times.map { t in times.filter { $0 >= t && $0 - t < .seconds(1) }.count }.max() ?? 0
                #expect(most <= 6)
                // 12 at 4 a second take more than 2 s (unpaced, they would all come in one pass).
                if let first = times.first, let last = times.last, times.count == ids.count {
                    #expect(last - first >= .seconds(2))
                }
                // Each contact twice at most: its first publish, and one after the writer came back.
                for id in ids { #expect((1...2).contains(counts[id] ?? 0)) }
            }
        }
    }
}
