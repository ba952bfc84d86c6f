import ArgumentParser
import Foundation
import HummingbirdWSClient
import IntakeCore
import IntakeStore
import Logging

/// Web-chat conversations held open at once, and the time from the resident's last message to
/// the reference on their screen.
struct ChatLoad: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Concurrent web-chat conversations held (with the server's memory), and last message → reference shown.",
        discussion: """
            Opens --conversations WebSockets to /chat, each a resident who has said where (device
            location) and what, and holds them all open while the intake process's resident memory
            is read. Then each sends "send" (--concurrency at a time) and the time until its case
            reference arrives is measured: that is the writer's commit, since the chat shows the
            reference only from the receipt. Checks that every conversation made exactly one case contact.
            """)

    @Option(help: "Conversations held open at once.")
    var conversations = 1000
    @Option(help: "Conversations filing at the same time in the timed phase.")
    var concurrency = 4
    @Option(help: "The repository (for Docker/stack.sh and Templates).")
    var repository = FileManager.default.currentDirectoryPath

    func run() async throws {
        let stack = try await BenchStack(repository: repository)
        defer { stack.stop() }
        var env = stack.enrichEnvironment(gazetteer: nil, geoDirectory: nil)
        env["INTAKE_CHAT_ENABLED"] = "on"
        // The WebSocket client sends Origin ws://127.0.0.1 (no port), as non-browser clients do.
        env["INTAKE_CHAT_ORIGINS"] = "ws://127.0.0.1"
        env["INTAKE_ACK_WAIT_MS"] = "15000"
        env["INTAKE_CHAT_CONVERSATIONS"] = "\(max(conversations * 2, 10_000))"
        env["INTAKE_CHAT_MESSAGES_PER_MINUTE"] = "1000"
        // Every conversation of the load comes from 127.0.0.1.
        env["INTAKE_CHAT_OPENS_PER_MINUTE"] = "100000"
        try await stack.startIntake(environment: env)
        guard let pid = stack.intake else { throw BenchError("intake did not start") }
        let before = ProcessStats.read(pid: pid)?.residentBytes ?? 0

        let held = Gate(expected: conversations)
        let turns = Turns(concurrency: concurrency)
        let results = Results()
        log("opening \(conversations) conversations")
        let url = stack.baseURL.replacingOccurrences(of: "http://", with: "ws://") + "/chat"
        let configuration = WebSocketClientConfiguration(maxFrameSize: 1 << 20)
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<conversations {
                group.addTask {
                    do {
                        try await Self.converse(i, url: url, configuration: configuration, held: held, turns: turns, results: results)
                    } catch {
                        // Counted as arrived, so that the others are not held forever; reported at the end.
                        log("conversation \(i) failed: \(error)")
                        await results.failed()
                        await held.abandon()
                    }
                }
            }
            await held.waitForAll()
            let opened = ContinuousClock.now - start
            // Let the server settle, then read its memory with every conversation open.
            try await Task.sleep(for: .seconds(1))
            let during = ProcessStats.read(pid: pid)?.residentBytes ?? 0
            await results.held(count: conversations, opened: opened, before: before, during: during)
            log("\(conversations) conversations held; filing them, \(concurrency) at a time")
            await held.release()
            try await group.waitForAll()
        }
        let db = try await PostgresConnection.connect(url: stack.settings["INTAKE_MIGRATION_DATABASE_URL"]!, logger: Logger(label: "bench"))
        let contacts = try await db.query("SELECT count(*) FROM contacts WHERE channel = 'chat'")[0, "count"] ?? "?"
        await db.close()
        print(await results.report(contacts: contacts, concurrency: concurrency))
    }

    /// One resident: hello, where, what; held; then send, timed until the reference.
    static func converse(_ i: Int, url: String, configuration: WebSocketClientConfiguration, held: Gate, turns: Turns,
                         results: Results) async throws {
        try await WebSocketClient.connect(url: url, configuration: configuration, logger: Logger(label: "bench-chat")) { inbound, outbound, _ in
            var messages = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
            func until(_ done: ([String: Any]) -> Bool) async throws {
                while let m = try await messages.next() {
                    guard case .text(let text) = m,
                          let o = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { continue }
                    if o["type"] as? String == "error" { throw BenchError("conversation \(i): \(text)") }
                    if done(o) { return }
                }
                throw BenchError("conversation \(i): the socket closed")
            }
            let last: ([String: Any]) -> Bool = { $0["last"] as? Bool == true }
            try await outbound.write(.text(#"{"type":"hello","language":"en"}"#))
            try await until(last)
            let lat = 32.2200 + Double(i % 100) * 0.0005, lon = -110.9716 + Double(i / 100 % 100) * 0.0005
            try await outbound.write(.text(#"{"type":"where","lat":\#(lat),"lon":\#(lon),"accuracy":10}"#))
            try await until(last)
            try await outbound.write(.text(#"{"type":"what","text":"Pothole number \#(i) in the right lane"}"#))
            try await until(last)
            await held.arrive()
            await turns.acquire()
            let start = ContinuousClock.now
            try await outbound.write(.text(#"{"type":"send"}"#))
            try await until { $0["type"] as? String == "reference" }
            await results.record(ContinuousClock.now - start)
            await turns.release()
            try await outbound.close(.normalClosure, reason: nil)
        }
    }
}

/// Every conversation arrives; all wait until released.
actor Gate {
    let expected: Int
    private var arrived = 0
    private var allArrived: [CheckedContinuation<Void, Never>] = []
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var released = false

    init(expected: Int) { self.expected = expected }

    func arrive() async {
        arrived += 1
        if arrived == expected { for c in allArrived { c.resume() }; allArrived = [] }
        if released { return }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// A conversation that failed before it was held.
    func abandon() {
        arrived += 1
        if arrived == expected { for c in allArrived { c.resume() }; allArrived = [] }
    }

    func waitForAll() async {
        if arrived >= expected { return }
        await withCheckedContinuation { allArrived.append($0) }
    }

    func release() {
        released = true
        for c in waiting { c.resume() }
        waiting = []
    }
}

/// At most `concurrency` conversations filing at once.
actor Turns {
    private var free: Int
    private var queue: [CheckedContinuation<Void, Never>] = []
    init(concurrency: Int) { free = max(1, concurrency) }

    func acquire() async {
        if free > 0 { free -= 1; return }
        await withCheckedContinuation { queue.append($0) }
    }

    func release() {
        if queue.isEmpty { free += 1 } else { queue.removeFirst().resume() }
    }
}

actor Results {
    private var latencies: [Duration] = []
    private var heldLine = ""

    private var failures = 0

    func record(_ d: Duration) { latencies.append(d) }
    func failed() { failures += 1 }

    func held(count: Int, opened: Duration, before: Int, during: Int) {
        let mb = { (b: Int) in String(format: "%.1f MB", Double(b) / 1_048_576) }
        let per = count > 0 ? Double(during - before) / Double(count) / 1024 : 0
        heldLine = """
              conversations held open at once: \(count) (opened and at the photo step in \(String(format: "%.1f s", seconds(opened))))
              intake resident memory: \(mb(before)) idle → \(mb(during)) with them open (\(String(format: "%.1f KB", per)) per conversation)
            """
    }

    func report(contacts: String, concurrency: Int) -> String {
        let sorted = latencies.sorted()
        func pct(_ p: Double) -> String {
            guard !sorted.isEmpty else { return "-" }
            let i = min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)
            return String(format: "%.1f ms", seconds(sorted[max(0, i)]) * 1000)
        }
        return """
            Web chat (GET /chat WebSocket), intake run on this machine
            \(heldLine)
              last message ("send") → case reference shown, \(sorted.count) reports, \(concurrency) filing at a time:
                median  \(pct(0.5))
                p99     \(pct(0.99))
                max     \(pct(1.0))
              chat contacts stored: \(contacts) (expected \(sorted.count)); conversations failed: \(failures)
            """
    }
}

private func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}
