public import Foundation
import AsyncHTTPClient
import IntakeCore

/// The built `intake` executable, run as a separate process, so that a test can kill it.
public final class IntakeProcess: @unchecked Sendable {
    public let pid: pid_t
    public let baseURL: String
    public let logPath: String
    /// Set once the process has been reaped. Polled under the lock: a second `waitpid` after the
    /// reap fails, and a process thought still running would then be signalled by a number that
    /// may already be another's.
    private let exited = Locked<Int32?>(nil)
    private var exitStatus: Int32? { exited.withLock { $0 } }

    /// `$INTAKE_BIN`, else the `intake` built beside the test bundle.
    public static func executable() throws -> String {
        if let env = ProcessInfo.processInfo.environment["INTAKE_BIN"] { return env }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("intake").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        let fallback = "\(Paths.repository)/.build/debug/intake"
        guard FileManager.default.isExecutableFile(atPath: fallback) else {
            throw TestSetupError("the intake executable was not found; build it first (swift build) or set INTAKE_BIN")
        }
        return fallback
    }

    /// Starts `intake <subcommand>` with the stack's settings and `environment` over them, and waits for `/health`.
    public static func start(_ subcommand: String, stack: TestStack, environment: [String: String]) async throws -> IntakeProcess {
        let port = try freePort()
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("INTAKE_") }
        env["INTAKE_CONFIG"] = "\(stack.directory)/stack.env"
        // stack.env names the cluster's shared database; each test has a database of its own.
        let stackEnv = try ConfigFile.read(path: "\(stack.directory)/stack.env")
        for key in ["INTAKE_DATABASE_URL", "INTAKE_MIGRATION_DATABASE_URL", "INTAKE_DATABASE_URL_READER"] {
            env[key] = stackEnv[key].map(stack.databaseURL)
        }
        env["INTAKE_HTTP_ADDRESS"] = "127.0.0.1:\(port)"
        env["INTAKE_PUBLIC_URL"] = "http://127.0.0.1:\(port)"
        env["INTAKE_TEMPLATES_DIR"] = Paths.templates
        env["INTAKE_TRIAGE_RULES"] = Paths.triageRules
        env["INTAKE_SURGE_RULES"] = "off"
        env["INTAKE_TWILIO_AUTH_TOKEN"] = TestTwilio.authToken
        env.merge(environment) { _, e in e }
        let log = "\(try Paths.temporaryDirectory("log"))/intake.log"
        let pid = try ChildProcess.spawn(try executable(), [subcommand], environment: env, output: log)
        let running = IntakeProcess(pid: pid, baseURL: "http://127.0.0.1:\(port)", logPath: log)
        do {
            try await running.waitUntilHealthy()
        } catch {
            _ = await running.terminate()
            throw error
        }
        return running
    }

    private init(pid: pid_t, baseURL: String, logPath: String) {
        self.pid = pid
        self.baseURL = baseURL
        self.logPath = logPath
    }

    /// Whether the process is still running (reaps it if it has exited).
    public var isRunning: Bool {
        exited.withLock { status in
            if status == nil { status = ChildProcess.poll(pid) }
            return status == nil
        }
    }

    public func waitUntilHealthy(timeout: Duration = .seconds(60)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard isRunning else { throw TestSetupError("intake exited \(exitStatus ?? -1):\n\(log)") }
            // Healthy, and (where it runs) the writer has its database, so that what is published next is heard.
            if let r = try? await HTTPClient.shared.execute(HTTPClientRequest(url: "\(baseURL)/health"), timeout: .seconds(2)),
               r.status == .ok, let body = try? await r.body.collect(upTo: 1 << 16),
               !String(buffer: body).contains("\"database\":\"waiting\"") { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestSetupError("intake did not become healthy:\n\(log)")
    }

    public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Kills the process without warning (SIGKILL): no cleanup, no goodbye to the broker.
    public func kill() async {
        _ = await signal(SIGKILL)
    }

    /// Asks the process to stop (SIGTERM), as a service manager would, and returns its exit status.
    public func terminate() async -> Int32 {
        await signal(SIGTERM)
    }

    private func signal(_ sig: Int32) async -> Int32 {
        if isRunning { Foundation.kill(pid, sig) }
        while isRunning { try? await Task.sleep(for: .milliseconds(20)) }
        let status = exitStatus ?? -1
        if status != 0 && status != 128 + sig { Self.printSanitizerReports(in: log, pid: pid) }
        return status
    }

    /// A sanitizer's reports from the child's log, printed with the test output (the log file is
    /// removed with the test's directory, and the exit status alone does not say what was found).
    static func printSanitizerReports(in log: String, pid: pid_t) {
        let lines = log.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.firstIndex(where: { $0.contains("WARNING: ThreadSanitizer") || $0.contains("ERROR: AddressSanitizer") })
        else { return }
        let report = lines[first...].filter { !$0.contains(" info ") && !$0.contains(" notice ") }.prefix(400)
        FileHandle.standardError.write(Data("sanitizer report from intake (pid \(pid)):\n\(report.joined(separator: "\n"))\n".utf8))
    }
}
