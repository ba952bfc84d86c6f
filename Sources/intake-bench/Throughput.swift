import ArgumentParser
import Foundation
import IntakeCore

/// The pipeline as a share of the machine's own limits, in one run.
struct Throughput: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "throughput",
        abstract: "Broker alone, database alone, then the pipeline at 100/s, 1,000/s and at its maximum, on the same payloads.",
        discussion: """
            (a) one libmosquitto publisher to one subscriber, QoS 1, the pipeline's contact payloads;
            (b) the pipeline's contact rows by COPY and by 100-row INSERTs;
            (c) signed SMS webhooks from this process to `intake run` (another process), each answered
                once its case is committed: at fixed offered rates (latency per stage, from an
                operator's subscription to contact/+, enriched/+ and case/+/event), then closed-loop
                at the pipeline's maximum. The pipeline's maximum is printed as a ratio of min(a, b).
            """)

    @Option(help: "Seconds of each fixed-rate phase.")
    var seconds = 15
    @Option(parsing: .upToNextOption, help: "Offered rates of the fixed-rate phases, per second.")
    var rates: [Int] = [100, 1000]
    @Option(help: "Seconds of the maximum-rate phase.")
    var maxSeconds = 20
    @Option(help: "Concurrent senders in the maximum-rate phase.")
    var clients = 256
    @Option(help: "Messages for the broker measurement.")
    var brokerMessages = 200_000
    @Option(help: "Rows for the database measurement.")
    var databaseRows = 100_000
    @Option(help: "The repository (for Docker/stack.sh, Templates and the rules file).")
    var repository = FileManager.default.currentDirectoryPath
    @Option(help: "Address points for the enrich stage (default: the made-up Tucson points of the tests).")
    var gazetteer: String?
    @Option(help: "Boundaries for the enrich stage (default: shared/data/geo/tucson when found).")
    var geoDirectory: String?

    func run() async throws {
        let run = String(UUID().uuidString.prefix(6)).lowercased()
        let stack = try await BenchStack(repository: repository)
        defer { stack.stop() }

        let broker = try await BrokerCapacity.measure(stack: stack, messages: brokerMessages, run: run)
        log(String(format: "broker: %.0f messages/s", broker))
        try stack.migrate()
        let database = try await DatabaseCapacity.measure(stack: stack, rows: databaseRows, runs: 3, run: run)
        log(String(format: "database: COPY %.0f rows/s, 100-row INSERT %.0f rows/s", database.copyRowsPerSecond, database.insertRowsPerSecond))

        let token = "bench-\(run)"
        var env = stack.enrichEnvironment(gazetteer: gazetteer, geoDirectory: geoDirectory)
        env["INTAKE_TWILIO_AUTH_TOKEN"] = token
        env["INTAKE_ACK_WAIT_MS"] = "20000"
        try await stack.startIntake(environment: env)
        guard let pid = stack.intake else { throw BenchError("intake is not running") }
        let servers = stack.serverPIDs
        let watched: [(name: String, pid: pid_t)] = [("intake", pid), ("mosquitto", servers.broker), ("postgres", servers.database),
                                                      ("load generator", getpid())]
        let url = "\(stack.baseURL)/twilio/sms"
        let total = 2 * rates.reduce(0, +) * seconds + 20_000 * maxSeconds + 100
        log("signing \(total) webhooks")
        let load = PipelineLoad(url: url, requests: Workload.signed(total, url: url, token: token, run: run), connections: max(clients, 256))
        defer { Task { await load.shutdown() } }

        // Warm up connections, caches and the JIT-free but cold paths.
        _ = await load.fixedRate(50, count: 100)

        var rows: [String] = []
        var peakAt1000 = 0
        for rate in rates {
            // First as a deployment runs (nobody else on the bus): end to end, CPU, memory.
            let cpu = CPUWindow(watched)
            log("pipeline: \(rate)/s for \(seconds) s")
            let clean = await load.fixedRate(rate, count: rate * seconds)
            let used = cpu.finish()
            let mem = ProcessStats.read(pid: pid)
            if rate == 1000 { peakAt1000 = mem?.peakBytes ?? 0 }
            let answered = clean.sent.compactMap { s in s.answered.map { $0 - s.at } }

            // Then again with an operator watching contact/+, enriched/+ and case/+/event, to time
            // each stage (the watching costs the broker and this process a little).
            let observer = try StageObserver(url: stack.settings["INTAKE_MQTT_URL_OPERATOR"]!, run: "\(run)-\(rate)")
            try await observer.start()
            log("pipeline: \(rate)/s for \(seconds) s, timing each stage")
            let timed = await load.fixedRate(rate, count: rate * seconds)
            try await Task.sleep(for: .seconds(1))
            await observer.stop()
            var e2e: [Duration] = [], adapter: [Duration] = [], enrich: [Duration] = [], writer: [Duration] = [], answer: [Duration] = []
            for s in timed.sent {
                let id = "sms:\(s.sid)"
                if let a = s.answered { answer.append(a - s.at) }
                let c = observer.time(.contact, id), en = observer.time(.enriched, id), w = observer.time(.committed, id)
                if let w { e2e.append(w - s.at) }
                if let c { adapter.append(c - s.at) }
                if let c, let en { enrich.append(en - c) }
                if let en, let w { writer.append(w - en) }
            }
            let failed = clean.sent.count - answered.count
            rows.append("""
                offered \(rate)/s: achieved \(String(format: "%.0f", Double(answered.count) / clean.seconds))/s, \(failed) failed
                  webhook → answer naming the committed case   \(LatencySummary(answered).text)
                  CPU: \(used.text)
                  memory of intake run: peak \(String(format: "%.0f", Double(mem?.peakBytes ?? 0) / 1_048_576)) MB, now \(String(format: "%.0f", Double(mem?.residentBytes ?? 0) / 1_048_576)) MB
                  per stage, with an operator watching the bus:
                    webhook → committed case (case event on the bus)        \(LatencySummary(e2e).text)
                    adapter (POST → contact on the bus, spool fsync included) \(LatencySummary(adapter).text)
                    enrich  (contact → enriched)                              \(LatencySummary(enrich).text)
                    writer  (enriched → committed case event)                 \(LatencySummary(writer).text)
                    webhook → answer                                          \(LatencySummary(answer).text)
                """)
        }

        log("pipeline: maximum, \(clients) concurrent senders for \(maxSeconds) s")
        let cpu = CPUWindow(watched)
        let sustained = await load.sustained(clients: clients, duration: .seconds(maxSeconds), settle: 3)
        let used = cpu.finish()
        let mem = ProcessStats.read(pid: pid)
        let limit = min(broker, database.copyRowsPerSecond)

        print("""
            Intake311 throughput, \(ISO8601DateFormatter().string(from: Date())), \(ProcessInfo.processInfo.activeProcessorCount) cores
            (a) broker alone:    \(String(format: "%8.0f", broker)) QoS 1 messages/s (one publisher, one subscriber)
            (b) database alone:  \(String(format: "%8.0f", database.copyRowsPerSecond)) rows/s by COPY, \(String(format: "%.0f", database.insertRowsPerSecond)) rows/s in 100-row INSERTs
            (c) pipeline:
            \(rows.joined(separator: "\n"))
            maximum sustained (closed loop, \(clients) senders, median of per-second counts):
              \(String(format: "%.0f", sustained.medianPerSecond)) committed contacts/s  (\(sustained.completed) in \(maxSeconds) s, \(sustained.withoutReference) answered without a reference, \(sustained.errors) errors)
              CPU: \(used.text)
              memory of intake run: peak \(String(format: "%.0f", Double(mem?.peakBytes ?? 0) / 1_048_576)) MB (at 1,000/s: \(String(format: "%.0f", Double(peakAt1000) / 1_048_576)) MB)
            ratios: pipeline / min(a, b) = \(String(format: "%.3f", sustained.medianPerSecond / limit)); pipeline / (a) = \(String(format: "%.3f", sustained.medianPerSecond / broker)); pipeline / (b) = \(String(format: "%.3f", sustained.medianPerSecond / database.copyRowsPerSecond))
            """)
    }
}
