import AsyncHTTPClient
import Foundation
import NIOCore
import IntakeCore

/// The processes under test, each of which can be killed with SIGKILL and started again on the
/// same data directory: `intake run` alone, or the adapters, enrich and writer as three processes
/// (each on its own broker user and its own HTTP port).
final class IntakeParts: @unchecked Sendable {
    struct Part {
        var name: String
        var subcommand: String
        var environment: [String: String]
        var port: Int
        var pid: pid_t?
        var peakBytes = 0
    }

    let stack: BenchStack
    let executable: String
    let base: [String: String]
    private let lock = NSLock()
    private var parts: [String: Part] = [:]
    /// Peak resident memory of each part over the run (its restarts included), bytes.
    private(set) var peaks: [String: Int] = [:]

    init(stack: BenchStack, environment: [String: String]) throws {
        self.stack = stack
        executable = try stack.intakeExecutable
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("INTAKE_") }
        env["INTAKE_CONFIG"] = "\(stack.directory)/stack.env"
        env["INTAKE_PUBLIC_URL"] = stack.baseURL
        env["INTAKE_TEMPLATES_DIR"] = "\(stack.repository)/Templates"
        env["INTAKE_LOG_LEVEL"] = "info"
        env.merge(environment) { _, e in e }
        base = env
    }

    var names: [String] { lock.withLock { parts.keys.sorted() } }

    /// `intake run` on the stack's HTTP port.
    func single() throws -> [Part] {
        [Part(name: "intake run", subcommand: "run", environment: ["INTAKE_HTTP_ADDRESS": "127.0.0.1:\(stack.httpPort)"], port: stack.httpPort)]
    }

    /// Adapters on the stack's HTTP port; enrich and writer on ports of their own.
    func split() throws -> [Part] {
        let s = stack.settings
        func part(_ name: String, _ url: String?, port: Int) -> Part {
            var env = ["INTAKE_HTTP_ADDRESS": "127.0.0.1:\(port)", "INTAKE_INSTANCE": "\(name)-1"]
            if let url { env["INTAKE_MQTT_URL"] = url }
            return Part(name: name, subcommand: name, environment: env, port: port)
        }
        var ports = DistinctPorts(taken: [stack.httpPort])
        return [part("adapters", s["INTAKE_MQTT_URL_ADAPTERS"], port: stack.httpPort),
                part("enrich", s["INTAKE_MQTT_URL_ENRICH"], port: try ports.next()),
                part("writer", s["INTAKE_MQTT_URL_WRITER"], port: try ports.next())]
    }

    /// `adapters` adapter processes, `enrich` enrich and `writers` writer processes, named
    /// `adapters-1`, `enrich-2`, …: the first adapter on the stack's HTTP port, each process on a
    /// port of its own, and each second or later instance on a data directory (spools) of its own;
    /// enrich and writer instances share their work through their shared subscriptions.
    func replicated(adapters: Int, enrich: Int, writers: Int) throws -> [Part] {
        let s = stack.settings
        var list: [Part] = []
        var ports = DistinctPorts(taken: [stack.httpPort])
        for (stage, count, url) in [("adapters", adapters, s["INTAKE_MQTT_URL_ADAPTERS"]), ("enrich", enrich, s["INTAKE_MQTT_URL_ENRICH"]),
                                    ("writer", writers, s["INTAKE_MQTT_URL_WRITER"])] {
            for i in 1...max(count, 1) {
                let name = "\(stage)-\(i)"
                let port = stage == "adapters" && i == 1 ? stack.httpPort : try ports.next()
                var env = ["INTAKE_HTTP_ADDRESS": "127.0.0.1:\(port)", "INTAKE_INSTANCE": name]
                if let url { env["INTAKE_MQTT_URL"] = url }
                // Spools are locked to one process: the adapters' and the writer's (staff
                // console intake) each need a data directory per instance.
                if i > 1 {
                    let dir = "\(stack.directory)/\(name)"
                    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                    env["INTAKE_DATA_DIR"] = dir
                }
                list.append(Part(name: name, subcommand: stage, environment: env, port: port))
            }
        }
        return list
    }

    /// The running parts whose names start with `prefix`, with their HTTP ports.
    func running(_ prefix: String) -> [(name: String, port: Int)] {
        lock.withLock { parts.values.filter { $0.name.hasPrefix(prefix) && $0.pid != nil }.map { ($0.name, $0.port) }.sorted { $0.name < $1.name } }
    }

    /// A counter from a part's `/metrics`, summed over its labels; nil when the part does not answer.
    func metric(_ metric: String, of name: String) async -> Double? {
        guard let port = lock.withLock({ parts[name]?.port }),
              let r = try? await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/metrics"), timeout: .seconds(5)),
              r.status == .ok, let body = try? await r.body.collect(upTo: 8 << 20) else { return nil }
        var sum = 0.0
        for line in String(buffer: body).split(separator: "\n") where !line.hasPrefix("#") {
            let head = line.prefix { $0 != " " && $0 != "{" }
            guard head == metric, let value = line.split(separator: " ").last.flatMap({ Double($0) }) else { continue }
            sum += value
        }
        return sum
    }

    /// Starts these parts and waits until each answers `/health` (any answer when `healthy` is false:
    /// a part started while the database is down answers, but not 200).
    func start(_ list: [Part], healthy: Bool = true) async throws {
        for p in list { try await start(p, healthy: healthy) }
    }

    func start(_ part: Part, healthy: Bool = true) async throws {
        var part = part
        var env = base
        env.merge(part.environment) { _, e in e }
        let logPath = "\(stack.directory)/\(part.name.replacingOccurrences(of: " ", with: "-")).log"
        let pid = try ChildProcess.spawn(executable, [part.subcommand], environment: env, output: logPath)
        part.pid = pid
        lock.withLock { parts[part.name] = part }
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if let r = try? await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(part.port)/health"), timeout: .seconds(1)),
               !healthy || r.status == .ok {
                // The answer must be this process's own (not another's that holds the port).
                let body = (try? await r.body.collect(upTo: 1 << 16)).map { String(buffer: $0) } ?? ""
                guard let instance = part.environment["INTAKE_INSTANCE"], !Self.answeredBy(instance, health: body) else { return }
                throw BenchError("\(part.name): port \(part.port) is answered by another process: \(body)")
            }
            if let status = ChildProcess.poll(pid) {
                lock.withLock { parts[part.name]?.pid = nil }
                throw BenchError("\(part.name) exited \(status) at start; its log ends:\n\(Self.tail(logPath))")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw BenchError("\(part.name) did not answer /health within 60 s; its log ends:\n\(Self.tail(logPath))")
    }

    /// Whether a `/health` answer is `instance`'s own (an answer naming no instance counts as its own).
    static func answeredBy(_ instance: String, health body: String) -> Bool {
        guard case .object(let fields)? = try? JSONReader.parse(Array(body.utf8)), let named = fields["instance"]?.stringValue else { return true }
        return named == instance
    }

    /// The last lines of a log (the run's folder is removed at the end).
    static func tail(_ path: String, lines: Int = 15) -> String {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }

    /// SIGKILL, and reaped.
    func kill9(_ name: String) async {
        guard let pid = lock.withLock({ parts[name]?.pid }) else { return }
        sample()
        kill(pid, SIGKILL)
        _ = try? await offPool { ChildProcess.wait(pid) }
        lock.withLock { parts[name]?.pid = nil }
    }

    /// Starts a killed part again, as it was.
    func restart(_ name: String, healthy: Bool = true) async throws {
        guard let part = lock.withLock({ parts[name] }) else { throw BenchError("no part \(name)") }
        try await start(part, healthy: healthy)
    }

    /// SIGTERM to every part, each waited for: the way an operator stops them.
    func stopAll() async {
        sample()
        for (name, pid) in lock.withLock({ parts.compactMap { p in p.value.pid.map { (p.key, $0) } } }) {
            kill(pid, SIGTERM)
            _ = try? await offPool { ChildProcess.wait(pid) }
            lock.withLock { parts[name] = nil }
        }
        lock.withLock { parts.removeAll() }
    }

    /// The same, for a `defer` (which cannot wait asynchronously): blocks its thread.
    func stopAllNow() {
        for (_, pid) in lock.withLock({ parts.compactMap { p in p.value.pid.map { (p.key, $0) } } }) {
            kill(pid, SIGTERM)
            _ = ChildProcess.wait(pid)
        }
        lock.withLock { parts.removeAll() }
    }

    /// Records each running part's peak resident memory so far.
    func sample() {
        let running = lock.withLock { parts.values.compactMap { p in p.pid.map { (p.name, $0) } } }
        for (name, pid) in running {
            guard let stats = ProcessStats.read(pid: pid) else { continue }
            lock.withLock { peaks[name] = max(peaks[name] ?? 0, stats.peakBytes) }
        }
    }

    var peakBytes: [String: Int] { lock.withLock { peaks } }
}

/// Free ports for processes started later: each is free when handed out but not yet held, so the
/// kernel may offer the same one twice; never the same one twice here.
struct DistinctPorts {
    var taken: Set<Int>

    mutating func next() throws -> Int {
        for _ in 0..<20 {
            let p = try freePort()
            if taken.insert(p).inserted { return p }
        }
        throw BenchError("no free port")
    }
}
