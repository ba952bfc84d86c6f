import ArgumentParser
import Crypto
import Foundation
import IntakeCore

/// The fault suite: a steady load of signed webhooks on every webhook channel while each part of
/// the system is killed in turn, then the checks that the delivery promise held.
struct FaultBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "faults",
        abstract: "Kill each part under a steady webhook load; check nothing accepted is lost, stored twice or answered twice.",
        discussion: """
            Webhooks go to SMS (Twilio-signed), WhatsApp (Meta-signed), Telegram (secret token), Open311
            (api_key), the 911 handoff (bearer token) and phone calls (six signed IVR steps each, the
            last of which submits the report), in turn, at --rate per second, each from its own
            resident. The providers' outbound APIs are a local recording server. Faults, in order:
              intake run: SIGKILL and restart; the broker: SIGKILL and restart; PostgreSQL: SIGKILL and
              restart; PostgreSQL down for --outage seconds; the spool's disk full for --outage seconds
              (a tmpfs; needs root); intake run restarted while PostgreSQL is down; then, split into
              three processes: adapters, enrich and writer, each SIGKILLed and restarted.
            Checks at the end: every contact answered 2xx is in PostgreSQL, once; refused ones got a
            non-2xx (or no answer); no resident got two messages carrying a case reference (for a caller,
            the number read back and any text message).
            Exits 1 when a check fails. --quick is the short version the test suite runs.
            """)

    @Flag(help: "The short version: 15 webhooks/s, 3 s between faults, 6 s outages.")
    var quick = false
    @Option(help: "Webhooks per second (default 60; 15 with --quick).")
    var rate: Int?
    @Option(help: "Seconds of steady load before the first fault and after each recovery (default 15; 3 with --quick).")
    var settle: Int?
    @Option(help: "Seconds PostgreSQL stays down, and the spool's disk stays full (default 60; 6 with --quick).")
    var outage: Int?
    @Option(help: "Seconds a part may take to recover before the run says it did not.")
    var recoveryLimit = 180
    @Option(help: "Size of the spool's disk (a tmpfs), MB.")
    var spoolMegabytes = 256
    @Option(help: "Write the figures as JSON to this file too.")
    var json: String?
    @Option(help: "The repository (for Docker/stack.sh and Templates).")
    var repository = FileManager.default.currentDirectoryPath

    func run() async throws {
        let rate = rate ?? (quick ? 15 : 60)
        let settle = Duration.seconds(settle ?? (quick ? 3 : 15))
        let outage = Duration.seconds(outage ?? (quick ? 6 : 60))
        let recorder = try await ProviderRecorder.start()
        defer { recorder.stop() }
        let stack = try await BenchStack(repository: repository)
        defer {
            _ = try? stack.run("/bin/umount", ["-l", "\(stack.directory)/spool"])
            stack.stop()
        }
        let run = String(UUID().uuidString.prefix(6)).lowercased()
        let secrets = WebhookMix.Secrets(twilioToken: "twilio-\(run)", whatsappAppSecret: UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased(),
                                         telegramSecret: "telegram-\(run)", open311Key: "open311-\(run)", centreToken: "centre-\(run)")
        let env = try Self.environment(stack, secrets: secrets, providers: recorder.url)
        let spoolDisk = Self.mountSpool(stack, megabytes: spoolMegabytes)
        try stack.migrate()
        let parts = try IntakeParts(stack: stack, environment: env)
        defer { parts.stopAllNow() }
        try await parts.start(try parts.single())

        let mix = WebhookMix(run: run, baseURL: stack.baseURL, secrets: secrets, channels: WebhookMix.channels)
        let load = SteadyLoad(mix: mix, rate: rate)
        let health = HealthWatch(url: "\(stack.baseURL)/health")
        let store = StoredContacts(url: stack.settings["INTAKE_MIGRATION_DATABASE_URL"]!)
        log("steady load: \(rate) webhooks/s over \(WebhookMix.channels.joined(separator: ", ")); faults follow")
        let loadTask = Task { await load.run() }
        let healthTask = Task { await health.run() }
        let sampler = Task {
            while !Task.isCancelled {
                parts.sample()
                try? await Task.sleep(for: .seconds(1))
            }
        }
        let faults = Faults(stack: stack, parts: parts, load: load, store: store, mix: mix,
                            recoveryLimit: .seconds(recoveryLimit), outage: outage)
        try await Task.sleep(for: settle)
        var records: [FaultRecord] = []
        for fault in faults.plan(spoolDisk: spoolDisk) {
            log("fault: \(fault.name)")
            var record = try await fault.inflict()
            record.recovery = await faults.recovery(after: record.end)
            log(record.recovery.map { String(format: "  recovered in %.1f s", $0) } ?? "  NOT recovered within \(recoveryLimit) s")
            records.append(record)
            try await Task.sleep(for: settle)
        }
        load.stop()
        await loadTask.value
        log("load stopped after \(load.sent) webhooks; waiting for every accepted contact to be committed")
        _ = await faults.recovery(after: Date())
        health.stop()
        await healthTask.value
        sampler.cancel()
        parts.sample()

        let verdict = await Self.verdict(load: load, mix: mix, store: store, recorder: recorder, records: records)
        let table = FaultReport(records: records, verdict: verdict, outcomes: load.results, health: health,
                                peaks: parts.peakBytes, rate: rate, spoolDisk: spoolDisk)
        print(table.text)
        if let json { try table.json.write(toFile: json, atomically: true, encoding: .utf8) }
        guard verdict.passed else { throw ExitCode(1) }
    }

    /// The channels' settings: every webhook channel on, its providers pointed at the recorder.
    static func environment(_ stack: BenchStack, secrets: WebhookMix.Secrets, providers: String) throws -> [String: String] {
        let dir = stack.directory
        try "\(secrets.open311Key) bench-client\n".write(toFile: "\(dir)/open311-api-keys", atomically: true, encoding: .utf8)
        let hash = SHA256.hash(data: Array(secrets.centreToken.utf8)).map { String(format: "%02x", $0) }.joined()
        try "\(hash) bench 911 centre\n".write(toFile: "\(dir)/911-tokens", atomically: true, encoding: .utf8)
        var env = stack.enrichEnvironment(gazetteer: nil, geoDirectory: nil)
        env.merge([
            "INTAKE_TWILIO_AUTH_TOKEN": secrets.twilioToken, "INTAKE_TWILIO_ACCOUNT_SID": "AC" + String(repeating: "b", count: 32),
            "INTAKE_TWILIO_API_URL": providers,
            "INTAKE_WHATSAPP_APP_SECRET": secrets.whatsappAppSecret, "INTAKE_WHATSAPP_TOKEN": "bench-graph-token",
            "INTAKE_WHATSAPP_VERIFY_TOKEN": "bench-verify", "INTAKE_WHATSAPP_API_URL": providers,
            "INTAKE_TELEGRAM_SECRET": secrets.telegramSecret, "INTAKE_TELEGRAM_BOT_TOKEN": "311000311:bench-bot-token",
            "INTAKE_TELEGRAM_API_URL": providers,
            "INTAKE_OPEN311_ENABLED": "on", "INTAKE_OPEN311_API_KEYS": "\(dir)/open311-api-keys",
            "INTAKE_911_TOKENS_FILE": "\(dir)/911-tokens",
        ]) { _, new in new }
        return env
    }

    /// The spool on a small disk of its own, so that it can be filled; nil when mounting is not
    /// possible here (not root).
    static func mountSpool(_ stack: BenchStack, megabytes: Int) -> String? {
        let spool = "\(stack.directory)/spool"
        try? FileManager.default.createDirectory(atPath: spool, withIntermediateDirectories: true)
        guard getuid() == 0, (try? stack.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(megabytes)m", "tmpfs", spool])) != nil else {
            log("the spool's disk cannot be mounted here (needs root): that fault is left out")
            return nil
        }
        return spool
    }

    static func verdict(load: SteadyLoad, mix: WebhookMix, store: StoredContacts, recorder: ProviderRecorder,
                        records: [FaultRecord]) async -> FaultVerdict {
        await verdict(outcomes: load.results, mix: mix, store: store, recorder: recorder, records: records)
    }

    /// The checks over every request sent (by one load or several on the same mix).
    static func verdict(outcomes: [SteadyLoad.Outcome], mix: WebhookMix, store: StoredContacts, recorder: ProviderRecorder,
                        records: [FaultRecord]) async -> FaultVerdict {
        var v = FaultVerdict()
        v.sent = outcomes.count
        let requests = Dictionary(uniqueKeysWithValues: outcomes.map { ($0.index, mix.request($0.index)) })
        let ids = outcomes.compactMap { requests[$0.index]?.contactID }
        let committed = await store.committed(ids) ?? [:]
        let open311 = await store.open311ByDevice() ?? [:]
        for o in outcomes {
            guard let r = requests[o.index] else { continue }
            let stored: Date? = r.contactID.flatMap { committed[$0] } ?? r.marker.flatMap { open311[$0]?.committed }
            if o.accepted {
                v.accepted += 1
                if let stored {
                    v.committed += 1
                    v.longestToCommit = max(v.longestToCommit, stored.timeIntervalSince(o.at))
                } else {
                    v.lost.append(r.contactID ?? "open311 device \(r.marker ?? "?")")
                }
            } else {
                v.refused += 1
                if stored != nil { v.refusedButStored += 1 }
            }
        }
        v.duplicated = (await store.duplicated() ?? 0) + open311.keys.filter { $0.contains("#") }.count
        // Messages carrying a case reference, by resident: the webhook's own answer (SMS TwiML) and
        // everything the providers were asked to send.
        let sent = recorder.messages
        for o in outcomes {
            guard let r = requests[o.index], let resident = r.resident else { continue }
            let messages = (sent[resident] ?? []).filter { FaultVerdict.references(in: $0, prefix: "TUC") > 0 }
            var inAnswer = false
            if r.channel == "sms", o.accepted, FaultVerdict.references(in: o.answer, prefix: "TUC") > 0 { inAnswer = true }
            if r.channel == "voice", o.accepted, o.answer.contains(BenchCall.spokenReference) { inAnswer = true }
            if messages.count + (inAnswer ? 1 : 0) > 1 {
                v.residentsToldTwice.append(resident)
                let texts = messages.map { String($0.prefix(60)).replacingOccurrences(of: "\n", with: " ") }
                v.toldTwiceHow.append("\(r.channel): reference in the webhook's answer: \(inAnswer ? "yes" : "no"); "
                                      + "\(messages.count) sent through the provider: \(texts.joined(separator: " | "))")
            }
        }
        v.unrecovered = records.filter { $0.recovery == nil }.map(\.name)
        return v
    }
}
