import ArgumentParser
import AsyncHTTPClient
import CADChannel
import Foundation
import Histogram
import Hummingbird
import IntakeCore
import NIOCore
import TwilioSupport

/// Emergency SMS webhooks, each timed from the POST to the moment the CAD endpoint receives the
/// escalation; beside it, a plain HTTP round trip to the same `intake` measured in the same run.
struct EscalationBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "escalation",
        abstract: "Time from an emergency SMS webhook to the CAD endpoint receiving the escalation.",
        discussion: """
            A CAD endpoint runs in this process (so both ends read one clock), verifies each request's
            signature and answers {"acknowledged": true}. Webhooks go one at a time: each is sent after
            the previous escalation arrived. The path measured: Twilio webhook → SMS adapter (spool) →
            bus → enrich (triage, escalation) → bus → escalation desk (escalations table) → signed
            POST to the CAD. The baseline is GET /health on the same intake, sequential, same run.
            """)

    @Option(help: "How many emergency webhooks.")
    var count = 200
    @Option(help: "Webhooks sent first and not measured.")
    var warmup = 20
    @Option(help: "The repository (for Docker/stack.sh and Templates).")
    var repository = FileManager.default.currentDirectoryPath

    func run() async throws {
        let key = Array(UUID().uuidString.utf8)
        let cad = try await CADReceiver.start(key: key)
        defer { cad.stop() }
        let stack = try await BenchStack(repository: repository)
        defer { stack.stop() }
        try (String(decoding: key, as: UTF8.self) + "\n").write(toFile: "\(stack.directory)/cad-signing-key", atomically: true, encoding: .utf8)
        let token = "bench-token"
        var env = stack.enrichEnvironment(gazetteer: nil, geoDirectory: nil)
        env["INTAKE_TWILIO_AUTH_TOKEN"] = token
        env["INTAKE_CAD_URL"] = cad.url
        env["INTAKE_CAD_SIGNING_KEY_FILE"] = "\(stack.directory)/cad-signing-key"
        env["INTAKE_ESCALATION_SINKS"] = "cad"
        env["INTAKE_ESCALATION_REALERT_SECONDS"] = "3600"
        try await stack.startIntake(environment: env)

        let url = "\(stack.baseURL)/twilio/sms"
        let signer = TwilioSignature(authToken: token)
        var escalation = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
        var baseline = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
        let run = UUID().uuidString.prefix(8)
        log("sending \(warmup) warm-up and \(count) measured emergency webhooks, one at a time")
        for i in 0..<(warmup + count) {
            let sid = "SMesc\(run)\(String(format: "%020d", i))"
            let params: [(String, String)] = [
                ("AccountSid", "AC" + String(repeating: "b", count: 32)), ("Body", "Gas leak and a fire at \(100 + i) N Stone Ave, people inside"),
                ("From", "+1520556\(String(format: "%04d", i % 10000))"), ("MessageSid", sid), ("NumMedia", "0"), ("To", "+15205550311"),
            ]
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.headers.add(name: TwilioSignature.header, value: signer.compute(url: url, parameters: params))
            request.body = .bytes(ByteBuffer(string: FormBody.encode(params)))
            let start = ContinuousClock.now
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            let body = String(buffer: try await response.body.collect(upTo: 1 << 16))
            guard response.status == .ok, body.contains("911") else { throw BenchError("webhook \(i) answered \(response.status): \(body)") }
            let arrived = try await cad.waitForArrival(of: "escalation:sms:\(sid)", timeout: .seconds(30))
            if i >= warmup { _ = escalation.record(UInt64((arrived - start) / .microseconds(1))) }

            // The baseline, interleaved so that both see the same machine load.
            let t0 = ContinuousClock.now
            let health = try await HTTPClient.shared.execute(HTTPClientRequest(url: "\(stack.baseURL)/health"), timeout: .seconds(10))
            _ = try await health.body.collect(upTo: 1 << 16)
            if i >= warmup { _ = baseline.record(UInt64((ContinuousClock.now - t0) / .microseconds(1))) }
            if (i + 1) % 50 == 0 { log("\(i + 1) sent") }
        }

        func ms(_ h: Histogram<UInt64>, _ p: Double) -> String { String(format: "%8.2f ms", Double(h.valueAtPercentile(p)) / 1000) }
        print("""
            emergency SMS webhook → CAD endpoint received, \(count) sequential webhooks (after \(warmup) warm-up)
              median \(ms(escalation, 50))   p90 \(ms(escalation, 90))   p99 \(ms(escalation, 99))   max \(String(format: "%8.2f ms", Double(escalation.max) / 1000))
            baseline: GET /health round trip on the same intake, same run
              median \(ms(baseline, 50))   p90 \(ms(baseline, 90))   p99 \(ms(baseline, 99))   max \(String(format: "%8.2f ms", Double(baseline.max) / 1000))
            CAD requests: \(cad.received) received, \(cad.badSignatures) with a bad signature
            """)
        guard cad.badSignatures == 0 else { throw BenchError("the CAD endpoint saw bad signatures") }
    }
}

/// The stand-in CAD endpoint: records when each escalation first arrived, checks signatures.
final class CADReceiver: Sendable {
    let url: String
    private let arrivals = Locked<[String: ContinuousClock.Instant]>([:])
    private let counts = Locked<(received: Int, bad: Int)>((0, 0))
    private let task: Task<Void, any Error>

    var received: Int { counts.withLock { $0.received } }
    var badSignatures: Int { counts.withLock { $0.bad } }

    private init(url: String, task: Task<Void, any Error>) {
        self.url = url
        self.task = task
    }

    static func start(key: [UInt8]) async throws -> CADReceiver {
        let port = try freePort()
        let box = ReceiverBox()
        let signature = CADSignature(key: key)
        let router = Router()
        router.post("/cad") { request, _ -> Response in
            let at = ContinuousClock.now
            var request = request
            let body = Array(try await request.collectBody(upTo: 1 << 20).readableBytesView)
            func header(_ name: String) -> String { request.headers.first { $0.name.canonicalName == name }?.value ?? "" }
            let ok = signature.verify(body: body, timestamp: header("x-intake-timestamp"),
                                      signature: header("x-intake-signature"))
            let id = header("x-intake-escalation-id")
            box.receiver.withLock { $0 }?.arrived(id: id, at: at, signatureOK: ok)
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(string: #"{"acknowledged":true,"by":"bench"}"#)))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
        let task = Task { try await app.runService() }
        let receiver = CADReceiver(url: "http://127.0.0.1:\(port)/cad", task: task)
        box.receiver.withLock { $0 = receiver }
        // Up when it answers.
        for _ in 0..<100 {
            if (try? await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/"), timeout: .seconds(1))) != nil { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        return receiver
    }

    func arrived(id: String, at: ContinuousClock.Instant, signatureOK: Bool) {
        counts.withLock { $0.received += 1; if !signatureOK { $0.bad += 1 } }
        arrivals.withLock { a in if a[id] == nil { a[id] = at } }
    }

    func waitForArrival(of id: String, timeout: Duration) async throws -> ContinuousClock.Instant {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let at = arrivals.withLock({ $0[id] }) { return at }
            try await Task.sleep(for: .microseconds(200))
        }
        throw BenchError("escalation \(id) did not reach the CAD endpoint within \(timeout)")
    }

    func stop() { task.cancel() }
}

/// Lets the route reach the receiver made after the router.
final class ReceiverBox: Sendable {
    let receiver = Locked<CADReceiver?>(nil)
}
