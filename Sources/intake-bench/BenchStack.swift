import AsyncHTTPClient
import Foundation
import IntakeCore

/// A throwaway stack for one benchmark run: broker, database and `intake`, all on free ports.
final class BenchStack: @unchecked Sendable {
    let directory: String
    let repository: String
    let settings: [String: String]
    private(set) var intake: pid_t?
    let httpPort: Int

    init(repository: String) async throws {
        self.repository = repository
        directory = NSTemporaryDirectory() + "intake-bench-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        let mqtt = try freePort()
        let pg = try freePort()
        httpPort = try freePort()
        log("starting mosquitto on :\(mqtt) and PostgreSQL on :\(pg) in \(directory)")
        try Self.run("/bin/bash", ["\(repository)/Docker/stack.sh", "up", "--dir", directory, "--mqtt-port", "\(mqtt)", "--pg-port", "\(pg)"])
        settings = try ConfigFile.read(path: "\(directory)/stack.env")
    }

    var baseURL: String { "http://127.0.0.1:\(httpPort)" }

    /// The broker's and the database's main processes.
    var serverPIDs: (broker: pid_t, database: pid_t) {
        let broker = (try? String(contentsOfFile: "\(directory)/mosquitto/mosquitto.pid", encoding: .utf8))
            .flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
        let pgData = (try? FileManager.default.destinationOfSymbolicLink(atPath: "\(directory)/pg")) ?? "\(directory)/pg"
        let database = (try? String(contentsOfFile: "\(pgData)/postmaster.pid", encoding: .utf8))
            .flatMap { $0.split(separator: "\n").first.flatMap { pid_t($0) } } ?? 0
        return (broker, database)
    }

    /// Settings that give the enrich stage places to find: the made-up Tucson address points of
    /// the tests, and the Tucson boundaries of the shared test data when they are there.
    func enrichEnvironment(gazetteer: String?, geoDirectory: String?) -> [String: String] {
        var env = ["INTAKE_GAZETTEER": gazetteer ?? "\(repository)/Tests/IntakeLocateTests/Fixtures/tucson_made_up_address_points.csv"]
        let candidates = [geoDirectory, ProcessInfo.processInfo.environment["INTAKE_SHARED_DATA"].map { "\($0)/geo/tucson" },
                          "\(repository)/../shared/data/geo/tucson", "/work/shared/data/geo/tucson"]
        if let geo = candidates.compactMap({ $0 }).first(where: { FileManager.default.fileExists(atPath: $0) }) {
            env["INTAKE_GEO_DIR"] = geo
        }
        return env
    }

    /// The `intake` built beside this executable.
    var intakeExecutable: String {
        get throws {
            let exe = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("intake").path
            guard FileManager.default.isExecutableFile(atPath: exe) else {
                throw BenchError("\(exe) not found: build it (swift build -c release --product intake) beside intake-bench")
            }
            return exe
        }
    }

    /// Applies the schema (as its owner).
    func migrate() throws {
        try run(try intakeExecutable, ["migrate"], environment: ["INTAKE_CONFIG": "\(directory)/stack.env"])
    }

    /// Starts `intake <subcommand>` and waits until it is healthy.
    func startIntake(_ subcommand: String = "run", environment: [String: String]) async throws {
        let exe = try intakeExecutable
        try migrate()
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("INTAKE_") }
        env["INTAKE_CONFIG"] = "\(directory)/stack.env"
        env["INTAKE_HTTP_ADDRESS"] = "127.0.0.1:\(httpPort)"
        env["INTAKE_PUBLIC_URL"] = baseURL
        env["INTAKE_TEMPLATES_DIR"] = "\(repository)/Templates"
        env["INTAKE_LOG_LEVEL"] = "warning"
        env.merge(environment) { _, e in e }
        let logPath = "\(directory)/intake.log"
        let pid = try ChildProcess.spawn(exe, [subcommand], environment: env, output: logPath)
        intake = pid
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let r = try? await HTTPClient.shared.execute(HTTPClientRequest(url: "\(baseURL)/health"), timeout: .seconds(1)), r.status == .ok {
                return
            }
            if let status = ChildProcess.poll(pid) {
                intake = nil
                throw BenchError("intake exited \(status); see \(logPath)")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw BenchError("intake did not become healthy; see \(logPath)")
    }

    /// Stops `intake` alone, leaving the broker and the database up for another run.
    func stopIntake() {
        if let intake {
            kill(intake, SIGTERM)
            _ = ChildProcess.wait(intake)
            self.intake = nil
        }
    }

    func stop() {
        if let intake {
            kill(intake, SIGTERM)
            _ = ChildProcess.wait(intake)
            self.intake = nil
        }
        _ = try? run("/bin/bash", ["\(repository)/Docker/stack.sh", "down", "--dir", directory])
        _ = try? run("/bin/rm", ["-rf", directory])
    }

    @discardableResult
    func run(_ exe: String, _ args: [String], environment: [String: String] = [:]) throws -> String {
        try Self.run(exe, args, environment: environment)
    }

    @discardableResult
    static func run(_ exe: String, _ args: [String], environment: [String: String] = [:]) throws -> String {
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("INTAKE_") }
        env.merge(environment) { _, e in e }
        return try ChildProcess.run(exe, args, environment: env)
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

func log(_ s: String) {
    FileHandle.standardError.write(Data("intake-bench: \(s)\n".utf8))
}

func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
    return Int(UInt16(bigEndian: addr.sin_port))
}

/// Runs a blocking call (waitpid, a child process, a sleep) on a thread of its own, so that it
/// never holds one of the cooperative pool's few threads (the load generator runs there).
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { c in
        Thread.detachNewThread { c.resume(with: Result { try body() }) }
    }
}
