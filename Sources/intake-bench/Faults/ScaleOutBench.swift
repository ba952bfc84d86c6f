import ArgumentParser
import Foundation
import IntakeCore

/// Scale-out, shown: the split pipeline as one process of each stage and as N of each, on the same
/// broker and database in one run, its throughput under the same offered load side by side; then
/// one replica of each kind SIGKILLed under load and restarted, and the fault suite's checks over
/// every webhook sent.
struct ScaleOutBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scaleout",
        abstract: "1+1+1 against N+N+N adapter, enrich and writer processes: throughput, then SIGKILLs; nothing lost, nothing twice.",
        discussion: """
            The stack, providers and webhooks are those of `intake-bench faults`. First 1+1+1 (one
            `intake adapters`, one `intake enrich`, one `intake writer`), then N+N+N (--replicas): each
            adapter has its own data directory (its spool) and its own HTTP port, and the load goes to
            the adapters' ports in turn; enrich and writer instances share their work through the
            broker's shared subscriptions ($share/enrich/…, $share/writer/…). Each topology gets
            --rounds rounds of --seconds seconds at --rate webhooks/s; a round's throughput is its
            contacts committed over the time from its first webhook to its last commit, and the table
            gives the median of the rounds. Each replica's share of the work is read from its /metrics.
            Then, at --fault-rate under N+N+N, one replica of each kind is SIGKILLed and restarted in
            turn (with --kill-all, every replica). Checks at the end, over every webhook sent: every
            contact answered 2xx is in PostgreSQL once; no resident got two messages carrying a case
            reference. Exits 1 when a check fails.
            """)

    @Flag(help: "The short version the test suite runs: 150 webhooks/s, three 4 s rounds, 3 s between kills.")
    var quick = false
    @Option(help: "Processes of each stage in the scaled-out topology.")
    var replicas = 2
    @Option(help: "Offered webhooks per second in the throughput rounds (default 300; 150 with --quick).")
    var rate: Int?
    @Option(help: "Seconds of load per round (default 10; 4 with --quick).")
    var seconds: Int?
    @Option(help: "Rounds per topology; the table gives their median.")
    var rounds = 3
    @Option(help: "Webhooks per second while replicas are killed (default 60; 30 with --quick).")
    var faultRate: Int?
    @Option(help: "Seconds of steady load before the first kill and after each recovery (default 10; 3 with --quick).")
    var settle: Int?
    @Flag(help: "Kill every replica in turn, not only the first of each kind.")
    var killAll = false
    @Option(help: "Seconds a round may take to drain, or a part to recover, before the run says it did not.")
    var recoveryLimit = 180
    @Option(help: "Write the figures as JSON to this file too.")
    var json: String?
    @Option(help: "The repository (for Docker/stack.sh and Templates).")
    var repository = FileManager.default.currentDirectoryPath

    func run() async throws {
        guard replicas >= 2, rounds >= 1 else { throw ValidationError("--replicas must be 2 or more and --rounds 1 or more") }
        let rate = rate ?? (quick ? 150 : 300)
        let seconds = Duration.seconds(seconds ?? (quick ? 4 : 10))
        let faultRate = faultRate ?? (quick ? 30 : 60)
        let settle = Duration.seconds(settle ?? (quick ? 3 : 10))
        let recorder = try await ProviderRecorder.start()
        defer { recorder.stop() }
        let stack = try await BenchStack(repository: repository)
        defer { stack.stop() }
        let run = String(UUID().uuidString.prefix(6)).lowercased()
        let secrets = WebhookMix.Secrets(twilioToken: "twilio-\(run)", whatsappAppSecret: UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased(),
                                         telegramSecret: "telegram-\(run)", open311Key: "open311-\(run)", centreToken: "centre-\(run)")
        let env = try FaultBench.environment(stack, secrets: secrets, providers: recorder.url)
        try await offPool { try stack.migrate() }
        let parts = try IntakeParts(stack: stack, environment: env)
        defer { parts.stopAllNow() }
        // One mix for the whole run; each load takes the next range of it, so no contact and no
        // resident repeats (each resident sends once: the per-sender rate limit never applies).
        let mix = WebhookMix(run: run, baseURL: stack.baseURL, secrets: secrets, channels: WebhookMix.channels)
        let store = StoredContacts(url: stack.settings["INTAKE_MIGRATION_DATABASE_URL"]!)
        let rounds = ScaleOutRounds(mix: mix, store: store, drainLimit: .seconds(recoveryLimit))
        let sampler = Task {
            while !Task.isCancelled {
                parts.sample()
                try? await Task.sleep(for: .seconds(1))
            }
        }
        defer { sampler.cancel() }

        var topologies: [ScaleOutReport.Topology] = []
        var records: [FaultRecord] = []
        var faultOutcomes: [SteadyLoad.Outcome] = []
        var afterFaults: [String: Double] = [:]
        for n in [1, replicas] {
            log("\(n)+\(n)+\(n): starting \(3 * n) processes")
            try await parts.start(try parts.replicated(adapters: n, enrich: n, writers: n))
            let targets = parts.running("adapters-").map { "http://127.0.0.1:\($0.port)" }
            log("  " + parts.running("").map { "\($0.name) on :\($0.port)" }.joined(separator: ", "))
            var topology = ScaleOutReport.Topology(replicas: n)
            for i in 1...self.rounds {
                let figures = try await rounds.round(rate: rate, duration: seconds, targets: targets)
                log(String(format: "  round %d: offered %d/s, accepted %d, committed %d, %.0f committed/s", i, rate,
                           figures.accepted, figures.committed, figures.committedPerSecond))
                topology.rounds.append(figures)
            }
            topology.work = await Self.work(of: parts)
            topologies.append(topology)
            if n == replicas {
                (records, faultOutcomes) = try await killReplicas(parts: parts, stack: stack, rounds: rounds, store: store,
                                                                  rate: faultRate, settle: settle, targets: targets)
                afterFaults = await Self.work(of: parts)
            }
            await parts.stopAll()
        }
        sampler.cancel()

        let outcomes = rounds.outcomes + faultOutcomes
        let verdict = await FaultBench.verdict(outcomes: outcomes, mix: mix, store: store, recorder: recorder, records: records)
        let report = ScaleOutReport(topologies: topologies, rate: rate, seconds: Int(seconds.components.seconds),
                                    faults: records, faultOutcomes: faultOutcomes, faultRate: faultRate,
                                    workAfterFaults: afterFaults, verdict: verdict, peaks: parts.peakBytes)
        print(report.text)
        if let json { try report.json.write(toFile: json, atomically: true, encoding: .utf8) }
        guard verdict.passed, report.everyReplicaWorked else { throw ExitCode(1) }
    }

    /// Under a steady load on every adapter, each chosen replica SIGKILLed and restarted in turn.
    func killReplicas(parts: IntakeParts, stack: BenchStack, rounds: ScaleOutRounds, store: StoredContacts,
                      rate: Int, settle: Duration, targets: [String]) async throws -> ([FaultRecord], [SteadyLoad.Outcome]) {
        let load = SteadyLoad(mix: rounds.mix, rate: rate, first: rounds.next, targets: targets)
        let faults = Faults(stack: stack, parts: parts, load: load, store: store, mix: rounds.mix,
                            recoveryLimit: rounds.drainLimit, outage: .seconds(0))
        let victims = killAll ? (1...replicas).flatMap { i in ["adapters-\(i)", "enrich-\(i)", "writer-\(i)"] }
                              : ["adapters-1", "enrich-1", "writer-1"]
        log("\(replicas)+\(replicas)+\(replicas) at \(rate) webhooks/s: SIGKILL \(victims.joined(separator: ", ")), each restarted")
        let loadTask = Task { await load.run() }
        try await Task.sleep(for: settle)
        var records: [FaultRecord] = []
        for victim in victims {
            var record = try await faults.killed(victim).inflict()
            record.recovery = await faults.recovery(after: record.end)
            log(record.recovery.map { String(format: "  %@: recovered in %.1f s", victim, $0) } ?? "  \(victim): NOT recovered")
            records.append(record)
            try await Task.sleep(for: settle)
        }
        load.stop()
        await loadTask.value
        rounds.next += load.sent
        _ = await faults.recovery(after: Date())
        return (records, load.results)
    }

    /// What each replica did since it (last) started: contacts taken in, enriched, committed.
    static func work(of parts: IntakeParts) async -> [String: Double] {
        var out: [String: Double] = [:]
        for (stage, metric) in [("adapters-", "intake_contacts_accepted_total"), ("enrich-", "intake_enrich_contacts_total"),
                                ("writer-", "intake_writer_contacts_committed_total")] {
            for p in parts.running(stage) { out[p.name] = await parts.metric(metric, of: p.name) }
        }
        return out
    }
}
