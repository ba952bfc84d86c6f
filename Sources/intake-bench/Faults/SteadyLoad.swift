import AsyncHTTPClient
import IntakeCore
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// A steady offered load of the mix's webhooks, whatever happens to intake: each request is sent
/// at its time, and its answer (or its failure) is kept. A provider gives up after 15 s, as
/// Twilio does.
final class SteadyLoad: Sendable {
    struct Outcome: Sendable {
        var index: Int
        var channel: String
        /// nil: no answer (refused connection, reset, timeout).
        var status: Int?
        var at: Date
        var answer: String
        /// For a call: whether its last answer said the report was taken.
        var answerAccepts = true
        var accepted: Bool { answerAccepts && (status.map { (200..<300).contains($0) } ?? false) }
    }

    let mix: WebhookMix
    let rate: Int
    /// The mix's first request: loads run one after another on one mix take disjoint ranges, so
    /// that every request stays its own contact and its own resident.
    let first: Int
    /// Where the requests go, in turn (the adapters' ports when several run); the signatures name
    /// the mix's public base URL whichever port a request reaches.
    let targets: [String]
    private let http: HTTPClient
    private let outcomes = Locked<[Outcome]>([])
    private let stopped = Atomic<Bool>(false)
    private let issued = Atomic<Int>(0)

    init(mix: WebhookMix, rate: Int, first: Int = 0, targets: [String]? = nil) {
        self.mix = mix
        self.rate = rate
        self.first = first
        self.targets = targets ?? [mix.baseURL]
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: 512)
        configuration.timeout = .init(connect: .seconds(2), read: .seconds(15))
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Requests issued so far (the next one's index is `first + sent`).
    var sent: Int { issued.load(ordering: .relaxed) }
    var isStopped: Bool { stopped.load(ordering: .relaxed) }
    var results: [Outcome] { outcomes.withLock { $0 } }

    /// Sends until `stop()`; returns once every request sent has its outcome.
    func run() async {
        let start = ContinuousClock.now
        let gap = Duration.seconds(1) / rate
        await withTaskGroup(of: Void.self) { group in
            var i = 0
            while !stopped.load(ordering: .relaxed) {
                let request = mix.request(first + i)
                let target = targets[i % targets.count]
                group.addTask { await self.send(request, to: target) }
                i += 1
                issued.store(i, ordering: .relaxed)
                try? await Task.sleep(until: start + gap * i, clock: .continuous)
            }
        }
        try? await http.shutdown()
    }

    func stop() {
        stopped.store(true, ordering: .relaxed)
    }

    private func send(_ r: WebhookMix.Request, to target: String) async {
        var outcome = Outcome(index: r.index, channel: r.channel, status: nil, at: Date(), answer: "")
        // A call's steps in turn; the outcome is the last step's (or the first that failed).
        for step in [WebhookMix.Step(path: r.path, headers: r.headers, body: r.body)] + r.followUps {
            var request = HTTPClientRequest(url: target + step.path)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: r.contentType)
            for (k, v) in step.headers { request.headers.add(name: k, value: v) }
            request.body = .bytes(ByteBuffer(bytes: step.body))
            outcome.status = nil
            do {
                let response = try await http.execute(request, timeout: .seconds(15))
                let body = try await response.body.collect(upTo: 1 << 20)
                outcome.status = Int(response.status.code)
                outcome.answer = String(buffer: body)
            } catch {
                outcome.answer = "\(error)"
            }
            guard let status = outcome.status, (200..<300).contains(status) else { break }
        }
        if let marker = r.acceptedWhenAnswerHolds { outcome.answerAccepts = outcome.answer.contains(marker) }
        outcome.at = Date()
        outcomes.withLock { $0.append(outcome) }
    }
}

/// `/health` asked every half second with a one-second limit, through every fault.
final class HealthWatch: Sendable {
    struct Sample: Sendable {
        var at: Date
        /// nil: no answer within a second.
        var seconds: Double?
        var status: Int?
    }

    let url: String
    private let samples = Locked<[Sample]>([])
    private let stopped = Atomic<Bool>(false)

    init(url: String) {
        self.url = url
    }

    func run() async {
        while !stopped.load(ordering: .relaxed) {
            let t0 = ContinuousClock.now
            var sample = Sample(at: Date(), seconds: nil, status: nil)
            if let r = try? await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(1)) {
                _ = try? await r.body.collect(upTo: 1 << 16)
                sample.status = Int(r.status.code)
                sample.seconds = (ContinuousClock.now - t0) / .seconds(1)
            }
            samples.withLock { $0.append(sample) }
            try? await Task.sleep(until: t0 + .milliseconds(500), clock: .continuous)
        }
    }

    func stop() {
        stopped.store(true, ordering: .relaxed)
    }

    /// The samples between two moments.
    func between(_ a: Date, _ b: Date) -> [Sample] {
        samples.withLock { $0.filter { $0.at >= a && $0.at <= b } }
    }
}
