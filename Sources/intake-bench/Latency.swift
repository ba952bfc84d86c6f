import ArgumentParser
import AsyncHTTPClient
import Foundation
import Histogram
import IntakeCore
import IntakeStore
import Logging
import NIOCore
import TwilioSupport

/// Sequential webhooks, each timed from the POST to its committed case.
struct Latency: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time from POST /twilio/sms to the committed case, over sequential signed webhooks.",
        discussion: """
            Each webhook is sent only after the previous one was answered. The answer carries the
            case reference only once the case writer has committed the case (the adapter waits for
            its receipt), so POST → answer is POST → committed case. The run checks afterwards that
            the database holds exactly one contact row per webhook.
            """)

    @Option(help: "How many webhooks.")
    var count = 1000
    @Option(help: "Webhooks sent first and not measured.")
    var warmup = 50
    @Option(help: "The repository (for Docker/stack.sh and Templates).")
    var repository = FileManager.default.currentDirectoryPath

    func run() async throws {
        let stack = try await BenchStack(repository: repository)
        defer { stack.stop() }
        let token = "bench-token"
        var env = stack.enrichEnvironment(gazetteer: nil, geoDirectory: nil)
        env["INTAKE_TWILIO_AUTH_TOKEN"] = token
        env["INTAKE_ACK_WAIT_MS"] = "10000"
        try await stack.startIntake(environment: env)
        let url = "\(stack.baseURL)/twilio/sms"
        let signer = TwilioSignature(authToken: token)
        var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
        var withoutReference = 0
        log("sending \(warmup) warm-up and \(count) measured webhooks, one at a time")
        for i in 0..<(warmup + count) {
            let params: [(String, String)] = [
                ("AccountSid", "AC" + String(repeating: "b", count: 32)), ("Body", "Streetlight out near \(i) N Stone Ave"),
                ("From", "+1520555\(String(format: "%04d", i % 10000))"), ("MessageSid", String(format: "SMbench%026d", i)),
                ("NumMedia", "0"), ("To", "+15205550311"),
            ]
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.headers.add(name: TwilioSignature.header, value: signer.compute(url: url, parameters: params))
            request.body = .bytes(ByteBuffer(string: FormBody.encode(params)))
            let start = ContinuousClock.now
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            let body = String(buffer: try await response.body.collect(upTo: 1 << 16))
            let elapsed = ContinuousClock.now - start
            guard response.status == .ok else { throw BenchError("webhook \(i) answered \(response.status): \(body)") }
            if i >= warmup {
                if CaseReference.first(in: body, prefix: "TUC") == nil { withoutReference += 1 }
                _ = histogram.record(UInt64(elapsed / .microseconds(1)))
            }
            if (i + 1) % 250 == 0 { log("\(i + 1) sent") }
        }
        let db = try await PostgresConnection.connect(url: stack.settings["INTAKE_MIGRATION_DATABASE_URL"]!, logger: Logger(label: "bench"))
        let contacts = try await db.query("SELECT count(*) FROM contacts")[0, "count"] ?? "?"
        let cases = try await db.query("SELECT count(*) FROM cases")[0, "count"] ?? "?"
        await db.close()

        func ms(_ p: Double) -> String { String(format: "%.2f ms", Double(histogram.valueAtPercentile(p)) / 1000) }
        print("""
            POST /twilio/sms → committed case, \(count) sequential webhooks (after \(warmup) warm-up)
              median  \(ms(50))
              p90     \(ms(90))
              p99     \(ms(99))
              max     \(String(format: "%.2f ms", Double(histogram.max) / 1000))
              answers without a case reference: \(withoutReference)
              contacts stored: \(contacts) (expected \(warmup + count)), in \(cases) cases (reports of one problem at one place are merged)
            """)
    }
}
