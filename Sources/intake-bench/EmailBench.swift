import ArgumentParser
import EmailChannel
import Foundation
import Histogram
import IntakeCore
import IntakeStore
import Logging

/// The email channel: IMAP APPEND → committed case with IDLE and with polling, and MIME parsing speed.
struct EmailBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "email",
        abstract: "Time from IMAP APPEND to the committed case (IDLE, then polling), and MIME messages parsed per second.",
        discussion: """
            Starts a Dovecot of its own (Docker/mail.sh) beside the broker and database, then
            `intake run` with only the email channel, once with IDLE and once polling. Mails are
            appended one at a time; each is timed from just before its APPEND to the commit time
            of its contact row (PostgreSQL's clock, the same machine's). Then every message of the
            shared corpus (../shared/data/email) is parsed over and over for a few seconds.
            Dovecot itself announces a new message to an IDLE client about 500 ms after its APPEND
            (measured with a bare IMAP client on the same Dovecot), so that much of the IDLE figure is
            the server's.
            """)

    @Option(help: "Mails timed with IDLE.")
    var count = 100
    @Option(help: "Mails timed with polling.")
    var pollCount = 20
    @Option(help: "The polling interval, in seconds (INTAKE_IMAP_POLL_SECONDS).")
    var pollSeconds = 5
    @Option(help: "Mails sent first in each mode and not measured.")
    var warmup = 5
    @Option(help: "Seconds of MIME parsing.")
    var parseSeconds = 5
    @Option(help: "The shared email corpus.")
    var corpus = ProcessInfo.processInfo.environment["INTAKE_SHARED_DATA"].map { "\($0)/email" } ?? "../shared/data/email"
    @Option(help: "The repository (for Docker/stack.sh, Docker/mail.sh and Templates).")
    var repository = FileManager.default.currentDirectoryPath

    func run() async throws {
        let parsing = try parseRate()
        let stack = try await BenchStack(repository: repository)
        defer { stack.stop() }
        let mailDir = "\(stack.directory)/mail"
        let imapPort = try freePort()
        let imapURL = try stack.run("/bin/bash", ["\(repository)/Docker/mail.sh", "imap", "up", "--dir", mailDir, "--port", "\(imapPort)"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        defer { _ = try? stack.run("/bin/bash", ["\(repository)/Docker/mail.sh", "imap", "down", "--dir", mailDir]) }
        let client = try MailboxClient(url: imapURL)
        let db = try await PostgresConnection.connect(url: stack.settings["INTAKE_MIGRATION_DATABASE_URL"]!, logger: Logger(label: "bench"))
        defer { Task { await db.close() } }

        var results: [(String, Histogram<UInt64>, Int)] = []
        for (mode, idle, n) in [("IDLE", true, count), ("polling every \(pollSeconds) s", false, pollCount)] {
            var env = stack.enrichEnvironment(gazetteer: nil, geoDirectory: nil)
            env["INTAKE_IMAP_URL"] = imapURL
            env["INTAKE_EMAIL_ADDRESS"] = "311@tucson.test"
            env["INTAKE_CHANNELS"] = "email"
            env["INTAKE_IMAP_IDLE"] = idle ? "on" : "off"
            env["INTAKE_IMAP_POLL_SECONDS"] = "\(pollSeconds)"
            try await stack.startIntake(environment: env)
            log("\(mode): \(warmup) warm-up and \(n) measured mails, one at a time")
            var histogram = Histogram<UInt64>(highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: .three)
            for i in 0..<(warmup + n) {
                let id = "bench-\(idle ? "idle" : "poll")-\(i)-\(UUID().uuidString)@example.org"
                let message = """
                    From: Resident \(i) <resident\(i)@example.org>\r
                    To: 311@tucson.test\r
                    Subject: Streetlight out\r
                    Message-ID: <\(id)>\r
                    MIME-Version: 1.0\r
                    Content-Type: text/plain; charset=utf-8\r
                    \r
                    The streetlight near \(i) N Stone Ave is out since last night.\r

                    """
                let start = Date()
                try await client.append(Array(message.utf8))
                var committed: Double?
                let deadline = Date().addingTimeInterval(Double(pollSeconds) * 4 + 30)
                while committed == nil && Date() < deadline {
                    let rows = try await db.query("SELECT extract(epoch FROM committed_at) FROM contacts WHERE external_id = $1", [id])
                    committed = rows.count > 0 ? rows.rows[0][0].flatMap { Double($0) } : nil
                    if committed == nil { try await Task.sleep(for: .milliseconds(2)) }
                }
                guard let committed else { throw BenchError("mail \(i) (\(mode)) made no contact within the deadline; see \(stack.directory)/intake.log") }
                if i >= warmup { _ = histogram.record(UInt64(max(0, committed - start.timeIntervalSince1970) * 1_000_000)) }
            }
            results.append((mode, histogram, n))
            // The last mail moves to `processed` once its receipt is handled; let it, then stop.
            let settle = Date().addingTimeInterval(10)
            while try await client.count() > 0 && Date() < settle { try await Task.sleep(for: .milliseconds(50)) }
            stack.stopIntake()
        }
        let contacts = try await db.query("SELECT count(*) FROM contacts").rows[0][0] ?? "?"
        let inbox = try await client.count()
        let processed = try await client.count("processed")

        func ms(_ h: Histogram<UInt64>, _ p: Double) -> String { String(format: "%.1f ms", Double(h.valueAtPercentile(p)) / 1000) }
        print("IMAP APPEND → committed case, one mail at a time (Dovecot on loopback, intake run with the email channel)")
        for (mode, h, n) in results {
            print("  \(mode.padding(toLength: 22, withPad: " ", startingAt: 0)) n=\(n)  median \(ms(h, 50))  p99 \(ms(h, 99))  max \(String(format: "%.1f ms", Double(h.max) / 1000))")
        }
        print("  contacts stored: \(contacts) (expected \(2 * warmup + count + pollCount)); inbox now \(inbox), processed \(processed)")
        print(String(format: "MIME parsing (libetpan + charset conversion + HTML to text + quote stripping): %.0f messages/s over %d corpus messages (%.1f MB/s)",
                     parsing.perSecond, parsing.messages, parsing.megabytesPerSecond))
    }

    /// Parses the corpus for `parseSeconds`, whole messages to the resident's words.
    func parseRate() throws -> (perSecond: Double, messages: Int, megabytesPerSecond: Double) {
        let files = (FileManager.default.enumerator(atPath: corpus)?.compactMap { $0 as? String } ?? [])
            .filter { !$0.contains("LICENSE") && !$0.hasSuffix("SOURCE.txt") && !$0.hasSuffix(".html") && !$0.hasSuffix("_reply_text") }
        var messages: [[UInt8]] = []
        for f in files {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: "\(corpus)/\(f)", isDirectory: &isDir), !isDir.boolValue,
                  let d = FileManager.default.contents(atPath: "\(corpus)/\(f)") else { continue }
            messages.append([UInt8](d))
        }
        guard !messages.isEmpty else { throw BenchError("no messages in \(corpus) (set --corpus or INTAKE_SHARED_DATA)") }
        let bytes = messages.reduce(0) { $0 + $1.count }
        log("parsing \(messages.count) corpus messages for \(parseSeconds) s")
        var rounds = 0
        var wordsBytes = 0
        let start = ContinuousClock.now
        while ContinuousClock.now - start < .seconds(parseSeconds) {
            for m in messages {
                if let mail = try? MailParser.parse(m) { wordsBytes &+= ResidentText.strip(mail.bodyText).utf8.count }
            }
            rounds += 1
        }
        let seconds = Double((ContinuousClock.now - start) / .milliseconds(1)) / 1000
        log("\(rounds) rounds, \(wordsBytes) bytes of residents' words")
        return (Double(rounds * messages.count) / seconds, messages.count, Double(rounds * bytes) / seconds / 1_000_000)
    }
}
