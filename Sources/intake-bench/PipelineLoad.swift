import AsyncHTTPClient
import Foundation
import Histogram
import IntakeCore
import NIOCore
import Synchronization
import TwilioSupport

/// (c) The pipeline: signed SMS webhooks from this process, ending as committed cases in
/// `intake run` (another process).
final class PipelineLoad: Sendable {
    let url: String
    let http: HTTPClient
    let requests: [Workload.Signed]
    private let next = Atomic<Int>(0)

    init(url: String, requests: [Workload.Signed], connections: Int) {
        self.url = url
        self.requests = requests
        var config = HTTPClient.Configuration()
        config.connectionPool = .init(idleTimeout: .seconds(120), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
        config.timeout = .init(connect: .seconds(5), read: .seconds(60))
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
    }

    func shutdown() async {
        try? await http.shutdown()
    }

    /// The next unsent request, or nil when all are used.
    func take() -> Workload.Signed? {
        let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
        return i < requests.count ? requests[i] : nil
    }

    /// Sends one webhook; returns whether the answer named a case.
    func send(_ r: Workload.Signed) async throws -> Bool {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "X-Twilio-Signature", value: r.signature)
        request.body = .bytes(ByteBuffer(string: r.body))
        let response = try await http.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 1 << 16)
        guard response.status == .ok else { throw BenchError("webhook answered \(response.status)") }
        return body.readableBytesView.firstRange(of: Array("TUC-".utf8)) != nil
    }

    struct Sustained {
        var medianPerSecond: Double
        var completed: Int
        var withoutReference: Int
        var errors: Int
    }

    /// Closed loop: `clients` senders, each sending its next webhook as soon as the last was
    /// answered with its case, for `duration`; the rate is the median of the per-second counts
    /// after the first `settle` seconds.
    func sustained(clients: Int, duration: Duration, settle: Int) async -> Sustained {
        let start = ContinuousClock.now
        let end = start + duration
        let perSecond = Locked([Int](repeating: 0, count: Int(duration / .seconds(1)) + 2))
        let tallies = Locked((completed: 0, withoutReference: 0, errors: 0))
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<clients {
                group.addTask {
                    while ContinuousClock.now < end, let r = self.take() {
                        do {
                            let named = try await self.send(r)
                            let second = Int((ContinuousClock.now - start) / .seconds(1))
                            perSecond.withLock { if second < $0.count { $0[second] += 1 } }
                            tallies.withLock {
                                $0.completed += 1
                                if !named { $0.withoutReference += 1 }
                            }
                        } catch {
                            tallies.withLock { $0.errors += 1 }
                        }
                    }
                }
            }
        }
        let counts = perSecond.withLock { Array($0.dropFirst(settle).prefix(Int(duration / .seconds(1)) - settle)) }
        let t = tallies.withLock { $0 }
        return Sustained(medianPerSecond: median(counts.map(Double.init)), completed: t.completed, withoutReference: t.withoutReference, errors: t.errors)
    }

    struct Timed {
        var sent: [(sid: String, at: ContinuousClock.Instant, answered: ContinuousClock.Instant?)]
        var seconds: Double
    }

    /// Open loop: one webhook every 1/rate seconds, whatever the answers, for `count` webhooks.
    func fixedRate(_ rate: Int, count: Int) async -> Timed {
        let start = ContinuousClock.now
        let results = Locked<[(sid: String, at: ContinuousClock.Instant, answered: ContinuousClock.Instant?)]>([])
        await withTaskGroup(of: Void.self) { group in
            for i in 0..<count {
                guard let r = take() else { break }
                let due = start + .nanoseconds(Int64(i) * 1_000_000_000 / Int64(rate))
                if due > .now { try? await Task.sleep(until: due, clock: .continuous) }
                group.addTask {
                    let sent = ContinuousClock.now
                    let ok = (try? await self.send(r)) != nil
                    results.withLock { $0.append((r.sid, sent, ok ? ContinuousClock.now : nil)) }
                }
            }
        }
        return Timed(sent: results.withLock { $0 }, seconds: (ContinuousClock.now - start) / .seconds(1))
    }
}

/// p50 and p99 of a set of durations.
struct LatencySummary {
    var p50: Double
    var p99: Double
    var count: Int

    init(_ durations: [Duration]) {
        var h = Histogram<UInt64>(highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: .three)
        for d in durations { _ = h.record(UInt64(max(0, d / .microseconds(1)))) }
        p50 = Double(h.valueAtPercentile(50)) / 1000
        p99 = Double(h.valueAtPercentile(99)) / 1000
        count = durations.count
    }

    var text: String { count == 0 ? "n/a" : String(format: "p50 %6.2f ms   p99 %6.2f ms", p50, p99) }
}
