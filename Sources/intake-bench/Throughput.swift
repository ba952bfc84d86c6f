import ArgumentParser
import Foundation
import IntakeCore
import IntakeStore
import Logging

/// The pipeline as a share of the machine's own limits, in one run; with `--history`, on an
/// empty database and then on one holding a city's past, in the same run.
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
            The contacts are spread over the city's addresses and kinds as Boston's 2015 records
            are, moved onto Tucson (shared/data/boston311), hot spots included.
            With --history N, (c) runs twice: on the empty database, then, after N past cases
            (one contact each) are written by COPY and `intake run` is restarted, again.
            --json FILE writes the figures for `intake-bench compare`.
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
    @Option(help: "Address points for the enrich stage (default: the city model's addresses, written for the run).")
    var gazetteer: String?
    @Option(help: "Boundaries for the enrich stage (default: shared/data/geo/tucson when found).")
    var geoDirectory: String?
    @Option(help: "Boston 311 records the city model is built from (default: shared/data/boston311/boston311_2015.csv.gz).")
    var cityRecords: String?
    @Flag(help: "Send from ten fixed Tucson places instead of the city model (the made-up gazetteer of the tests).")
    var fixedPlaces = false
    @Option(help: "Past cases to write before a second pipeline run (0: one run on the empty database). 1000000 is a city's few years.")
    var history = 0
    @Option(help: "Of the past cases, how many are still open (default: a tenth).")
    var historyOpen: Int?
    @Option(help: "Open past cases at each of the city model's five hot spots.")
    var hotSpotCases = 300
    @Option(help: "Writes the figures as JSON to this file (for `intake-bench compare`).")
    var json: String?

    /// Webhooks signed per second of a maximum phase: more than the pipeline takes on 2 cores.
    static let maximumRateBound = 6000

    func run() async throws {
        let run = String(UUID().uuidString.prefix(6)).lowercased()
        let stack = try await BenchStack(repository: repository)
        defer { stack.stop() }
        var figures = BenchFigures()

        let city: CityModel?
        if fixedPlaces {
            city = nil
        } else {
            guard let path = cityRecords ?? CityModel.defaultPath(repository: repository) else {
                throw BenchError("Boston 311 records not found: pass --city-records or --fixed-places")
            }
            let started = ContinuousClock.now
            city = try await offPool { try CityModel.load(bostonCSV: path) }
            log("city model: \(city!.records.count) records at \(city!.places.count) addresses (\(ContinuousClock.now - started))")
        }
        var places = gazetteer
        if places == nil, let city {
            places = "\(stack.directory)/city_address_points.csv"
            try city.writeGazetteer(to: places!)
        }

        let broker = try await BrokerCapacity.measure(stack: stack, messages: brokerMessages, run: run, city: city)
        log(String(format: "broker: %.0f messages/s", broker))
        try stack.migrate()
        let database = try await DatabaseCapacity.measure(stack: stack, rows: databaseRows, runs: 3, run: run, city: city)
        log(String(format: "database: COPY %.0f rows/s, 100-row INSERT %.0f rows/s", database.copyRowsPerSecond, database.insertRowsPerSecond))
        figures.set("broker.messages_per_s", broker, "msg/s", better: .higher)
        figures.set("database.copy_rows_per_s", database.copyRowsPerSecond, "rows/s", better: .higher)
        figures.set("database.insert_rows_per_s", database.insertRowsPerSecond, "rows/s", better: .higher)

        let token = "bench-\(run)"
        var env = stack.enrichEnvironment(gazetteer: places, geoDirectory: geoDirectory)
        env["INTAKE_TWILIO_AUTH_TOKEN"] = token
        env["INTAKE_ACK_WAIT_MS"] = "20000"
        let url = "\(stack.baseURL)/twilio/sms"
        let phases = history > 0 ? 2 : 1
        let perPhase = 2 * rates.reduce(0, +) * seconds + Self.maximumRateBound * maxSeconds + 200
        log("signing \(perPhase * phases) webhooks")
        let requests = Workload.signed(perPhase * phases, url: url, token: token, run: run, city: city)
        let load = PipelineLoad(url: url, requests: requests, connections: max(clients, 256))
        defer { Task { await load.shutdown() } }
        let limit = min(broker, database.copyRowsPerSecond)

        var report = """
            Intake311 throughput, \(ISO8601DateFormatter().string(from: Date())), \(ProcessInfo.processInfo.activeProcessorCount) cores
            contacts: \(city.map { "\($0.records.count) Boston 2015 records at \($0.places.count) addresses, moved onto Tucson; \(Int($0.hotShare * 100)) % at \($0.hotSpots.count) hot spots" } ?? "ten fixed Tucson places")
            (a) broker alone:    \(String(format: "%8.0f", broker)) QoS 1 messages/s (one publisher, one subscriber)
            (b) database alone:  \(String(format: "%8.0f", database.copyRowsPerSecond)) rows/s by COPY, \(String(format: "%.0f", database.insertRowsPerSecond)) rows/s in 100-row INSERTs

            """

        let firstStart = try await timedStart(stack, env)
        report += try await pipeline(phase: "empty", title: "(c) pipeline, empty database", stack: stack, load: load, run: run, limit: limit,
                                     start: firstStart, figures: &figures)
        if history > 0 {
            stack.stopIntake()
            guard let city else { throw BenchError("--history needs the city model (not --fixed-places)") }
            let owner = try await PostgresConnection.connect(url: stack.settings["INTAKE_MIGRATION_DATABASE_URL"]!, logger: Logger(label: "bench"))
            let fill = HistoryFill(city: city, total: history, open: historyOpen ?? history / 10, perHotSpot: hotSpotCases)
            log("history: writing \(history) past cases (\(fill.open) open) by COPY")
            let summary = try await fill.run(db: owner)
            let explained = try await HistoryExplain.report(db: owner, city: city)
            await owner.close()
            figures.set("history.fill_cases_per_s", Double(summary.cases) / summary.seconds, "cases/s", better: .higher)
            report += """
                history: \(summary.cases) past cases and contacts by COPY in \(String(format: "%.0f", summary.seconds)) s \
                (\(String(format: "%.0f", Double(summary.cases) / summary.seconds))/s), VACUUM ANALYZE \(String(format: "%.0f", summary.vacuumSeconds)) s; \
                \(summary.open) open; hot spots: \(summary.hotSpots.map { "\($0.address) (\($0.category), \($0.open) open)" }.joined(separator: "; "))
                \(explained)

                """
            let secondStart = try await timedStart(stack, env)
            report += try await pipeline(phase: "history", title: "(c) pipeline, \(history) past cases, intake restarted", stack: stack, load: load,
                                         run: run, limit: limit, start: secondStart, figures: &figures)
            report += comparison(figures)
            let owner2 = try await PostgresConnection.connect(url: stack.settings["INTAKE_MIGRATION_DATABASE_URL"]!, logger: Logger(label: "bench"))
            report += try await HistoryExplain.tableStats(db: owner2) + "\n"
            await owner2.close()
        }
        print(report)
        if let json {
            try figures.write(to: json)
            log("figures written to \(json)")
        }
    }

    /// Starts `intake run`, timing it until healthy (enrich's open cases loaded), and its memory then.
    func timedStart(_ stack: BenchStack, _ env: [String: String]) async throws -> (seconds: Double, residentBytes: Int) {
        let started = ContinuousClock.now
        try await stack.startIntake(environment: env)
        let seconds = (ContinuousClock.now - started) / .seconds(1)
        let rss = stack.intake.flatMap { ProcessStats.read(pid: $0)?.residentBytes } ?? 0
        log(String(format: "intake run healthy in %.1f s, %.0f MB resident", seconds, Double(rss) / 1_048_576))
        return (seconds, rss)
    }

    /// One pipeline run: warm-up, the fixed rates, then the maximum; its figures under `phase.`.
    func pipeline(phase: String, title: String, stack: BenchStack, load: PipelineLoad, run: String, limit: Double,
                  start: (seconds: Double, residentBytes: Int), figures: inout BenchFigures) async throws -> String {
        guard let pid = stack.intake else { throw BenchError("intake is not running") }
        let servers = stack.serverPIDs
        let watched: [(name: String, pid: pid_t)] = [("intake", pid), ("mosquitto", servers.broker), ("postgres", servers.database),
                                                      ("load generator", getpid())]
        // Warm up connections, caches and the cold paths.
        _ = await load.fixedRate(50, count: 100)
        figures.set("\(phase).start_s", start.seconds, "s", better: .lower)
        figures.set("\(phase).start_rss_mb", Double(start.residentBytes) / 1_048_576, "MB", better: .lower)

        var rows: [String] = []
        var peakAt1000 = 0
        for rate in rates {
            // First as a deployment runs (nobody else on the bus): end to end, CPU, memory.
            let cpu = CPUWindow(watched)
            log("\(phase): \(rate)/s for \(seconds) s")
            let clean = await load.fixedRate(rate, count: rate * seconds)
            let used = cpu.finish()
            let mem = ProcessStats.read(pid: pid)
            if rate == 1000 { peakAt1000 = mem?.peakBytes ?? 0 }
            let answered = clean.sent.compactMap { s in s.answered.map { $0 - s.at } }
            let answeredSummary = LatencySummary(answered)
            figures.set("\(phase).at_\(rate).answer_p50_ms", answeredSummary.p50, "ms", better: .lower)
            figures.set("\(phase).at_\(rate).answer_p99_ms", answeredSummary.p99, "ms", better: .lower)

            // Then again with an operator watching contact/+, enriched/+ and case/+/event, to time
            // each stage (the watching costs the broker and this process a little).
            let observer = try StageObserver(url: stack.settings["INTAKE_MQTT_URL_OPERATOR"]!, run: "\(run)-\(phase)-\(rate)")
            try await observer.start()
            log("\(phase): \(rate)/s for \(seconds) s, timing each stage")
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
                  webhook → answer naming the committed case   \(answeredSummary.text)
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

        log("\(phase): maximum, \(clients) concurrent senders for \(maxSeconds) s")
        let cpu = CPUWindow(watched)
        let sustained = await load.sustained(clients: clients, duration: .seconds(maxSeconds), settle: 3)
        let used = cpu.finish()
        let mem = ProcessStats.read(pid: pid)
        let perContact = used.cores.map { (name: $0.name, us: $0.cores * used.seconds * 1e6 / Double(max(1, sustained.completed))) }
        let switchesPerContact = used.switches.map { (name: $0.name, count: $0.count / Double(max(1, sustained.completed))) }
        figures.set("\(phase).max_rate", sustained.medianPerSecond, "contacts/s", better: .higher)
        figures.set("\(phase).max_rate_to_limit", sustained.medianPerSecond / limit, "ratio", better: .higher)
        for p in perContact where p.name != "load generator" {
            figures.set("\(phase).max.cpu_us_per_contact.\(p.name)", p.us, "µs", better: .lower)
        }
        for p in switchesPerContact where p.name != "load generator" {
            figures.set("\(phase).max.switches_per_contact.\(p.name)", p.count, "switches", better: .lower)
        }
        figures.set("\(phase).max.errors", Double(sustained.errors), "count", better: .lower)
        figures.set("\(phase).peak_rss_mb", Double(mem?.peakBytes ?? 0) / 1_048_576, "MB", better: .lower)

        return """
            \(title):
              intake run started (healthy) in \(String(format: "%.1f", start.seconds)) s, \(String(format: "%.0f", Double(start.residentBytes) / 1_048_576)) MB resident then
            \(rows.joined(separator: "\n"))
            maximum sustained (closed loop, \(clients) senders, median of per-second counts):
              \(String(format: "%.0f", sustained.medianPerSecond)) committed contacts/s  (\(sustained.completed) in \(maxSeconds) s, \(sustained.withoutReference) answered without a reference, \(sustained.errors) errors)
              CPU: \(used.text)
              CPU per committed contact: \(perContact.map { String(format: "%@ %.0f µs", $0.name, $0.us) }.joined(separator: ", "))
              context switches per committed contact: \(switchesPerContact.map { String(format: "%@ %.1f", $0.name, $0.count) }.joined(separator: ", "))
              memory of intake run: peak \(String(format: "%.0f", Double(mem?.peakBytes ?? 0) / 1_048_576)) MB (at 1,000/s: \(String(format: "%.0f", Double(peakAt1000) / 1_048_576)) MB)
            ratio: pipeline / min(a, b) = \(String(format: "%.3f", sustained.medianPerSecond / limit))

            """
    }

    /// History against empty, figure by figure, as `compare` would judge them (15 % is the target).
    func comparison(_ figures: BenchFigures) -> String {
        var empty = BenchFigures(), past = BenchFigures()
        for (name, f) in figures.figures {
            if name.hasPrefix("empty.") { empty.figures[String(name.dropFirst(6))] = f }
            if name.hasPrefix("history.") && !name.hasPrefix("history.fill") { past.figures[String(name.dropFirst(8))] = f }
        }
        return "with history against empty (15 % target):\n" + FigureComparison(old: empty, new: past, tolerance: 0.15).text
    }
}
