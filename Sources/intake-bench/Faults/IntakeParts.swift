import AsyncHTTPClient
import Foundation
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
        return [part("adapters", s["INTAKE_MQTT_URL_ADAPTERS"], port: stack.httpPort),
                part("enrich", s["INTAKE_MQTT_URL_ENRICH"], port: try freePort()),
                part("writer", s["INTAKE_MQTT_URL_WRITER"], port: try freePort())]
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
                return
            }
            if let status = ChildProcess.poll(pid) {
                lock.withLock { parts[part.name]?.pid = nil }
                throw BenchError("\(part.name) exited \(status) at start; its log ends:\n\(Self.tail(logPath))")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw BenchError("\(part.name) did not answer /health within 60 s; its log ends:\n\(Self.tail(logPath))")
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
