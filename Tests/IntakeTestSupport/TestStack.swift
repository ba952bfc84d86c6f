public import Foundation
public import IntakeCore

/// A mosquitto broker and a PostgreSQL cluster of the test's own, on loopback ports it chose,
/// started through `Docker/stack.sh` (the same configs the demo and deployments use).
///
/// The cluster is shared by the tests of one process (initdb costs seconds); each test that asks
/// gets its own database in it. Brokers are one per test, so a test may stop and start its own.
public final class TestStack: Sendable {
    public let directory: String
    public let mqttPort: Int
    public let pgPort: Int
    public let database: String

    private init(directory: String, mqttPort: Int, pgPort: Int, database: String) {
        self.directory = directory
        self.mqttPort = mqttPort
        self.pgPort = pgPort
        self.database = database
    }

    /// A new broker and a new database (in the shared cluster).
    public static func start() async throws -> TestStack {
        let cluster = try await SharedCluster.instance.get()
        let dir = try Paths.temporaryDirectory("stack")
        // Broker credentials and the database passwords live in the cluster's secrets folder.
        try FileManager.default.createSymbolicLink(atPath: "\(dir)/secrets", withDestinationPath: "\(cluster.directory)/secrets")
        try FileManager.default.createSymbolicLink(atPath: "\(dir)/pg", withDestinationPath: cluster.dataDirectory)
        var port = try freePort()
        for attempt in 1...5 {
            do {
                try await Shell.run("/bin/bash", [Paths.stackScript, "broker", "up", "--dir", dir, "--mqtt-port", String(port), "--pg-port", String(cluster.port)])
                break
            } catch let f as Shell.Failure where f.output.contains("Address already in use") && attempt < 5 {
                port = try freePort()
            }
        }
        let stack = TestStack(directory: dir, mqttPort: port, pgPort: cluster.port,
                              database: "t_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "_"))")
        do {
            try await Shell.run("/bin/bash", [Paths.stackScript, "db", "create", stack.database, "--dir", dir])
        } catch {
            await stack.stop()
            throw error
        }
        return stack
    }

    /// The stack's settings (as `stack.env` has them, pointed at this test's database), with overrides.
    public func settings(_ overrides: [String: String] = [:]) throws -> IntakeSettings {
        var values = try ConfigFile.read(path: "\(directory)/stack.env")
        for key in ["INTAKE_DATABASE_URL", "INTAKE_MIGRATION_DATABASE_URL", "INTAKE_DATABASE_URL_READER"] {
            values[key] = values[key].map(databaseURL)
        }
        values["INTAKE_TEMPLATES_DIR"] = Paths.templates
        values["INTAKE_TRIAGE_RULES"] = Paths.triageRules
        // Off unless a test turns them on: other suites send many reports of one kind at one place on purpose.
        values["INTAKE_SURGE_RULES"] = "off"
        values["INTAKE_ANSWERS"] = Paths.answers
        values["INTAKE_INSTANCE"] = "test-\(UUID().uuidString.prefix(8))"
        values.merge(overrides) { _, o in o }
        return try IntakeSettings(values: values)
    }

    /// A `stack.env` database URL pointed at this test's database.
    public func databaseURL(_ url: String) -> String {
        url.hasSuffix("/intake") ? String(url.dropLast("intake".count)) + database : url
    }

    public func brokerStop() async throws {
        try await Shell.run("/bin/bash", [Paths.stackScript, "broker", "down", "--dir", directory])
    }

    public func brokerStart() async throws {
        try await Shell.run("/bin/bash", [Paths.stackScript, "broker", "up", "--dir", directory])
    }

    /// Stops this test's broker and removes its folder (the shared cluster stops when the test
    /// process exits).
    public func stop() async {
        _ = try? await brokerStop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs `body` with a new stack and stops the broker afterwards, whatever happens.
    ///
    /// At most six stacks (`INTAKE_TEST_STACKS`) run at once: on a small machine, dozens of brokers,
    /// databases and intakes starting together slow each other past the tests' deadlines.
    public static func with<T>(_ body: (TestStack) async throws -> T) async throws -> T {
        await StackSlots.shared.acquire()
        defer { StackSlots.shared.release() }
        let stack = try await start()
        do {
            let r = try await body(stack)
            await stack.stop()
            return r
        } catch {
            await stack.stop()
            throw error
        }
    }
}

/// The PostgreSQL cluster shared by one test process, stopped when the process exits.
final class SharedCluster: Sendable {
    struct Cluster: Sendable {
        var directory: String
        var dataDirectory: String
        var port: Int
    }

    static let instance = SharedCluster()
    private let task = TaskOnce<Cluster>()

    func get() async throws -> Cluster {
        try await task.run {
            let dir = try Paths.temporaryDirectory("cluster")
            let port = try freePort()
            try await Shell.run("/bin/bash", [Paths.stackScript, "db", "up", "--dir", dir, "--pg-port", String(port)])
            clusterToStop.withLock { $0 = dir }
            // posix_spawn, not Foundation's Process, which cannot be used while the process exits.
            atexit {
                if let dir = clusterToStop.withLock({ $0 }) {
                    _ = try? ChildProcess.run("/bin/bash", [Paths.stackScript, "db", "down", "--dir", dir])
                    // A data folder relocated for the postgres user lives outside the test folder.
                    if let data = try? FileManager.default.destinationOfSymbolicLink(atPath: "\(dir)/pg") {
                        _ = try? ChildProcess.run("/bin/rm", ["-rf", data])
                    }
                }
            }
            let data = (try? FileManager.default.destinationOfSymbolicLink(atPath: "\(dir)/pg")) ?? "\(dir)/pg"
            return Cluster(directory: dir, dataDirectory: data, port: port)
        }
    }
}

let clusterToStop = Locked<String?>(nil)

/// Runs an async initializer once; every caller gets its result (or its error).
final class TaskOnce<T: Sendable>: Sendable {
    private let state = Locked<Task<T, any Error>?>(nil)

    func run(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = state.withLock { s in
            if let s { return s }
            let t = Task { try await body() }
            s = t
            return t
        }
        return try await task.value
    }
}

/// A counting semaphore for stacks: `INTAKE_TEST_STACKS` at once (default 6).
final class StackSlots: Sendable {
    static let shared = StackSlots(limit: ProcessInfo.processInfo.environment["INTAKE_TEST_STACKS"].flatMap(Int.init) ?? 6)

    private let state: Locked<(free: Int, waiting: [CheckedContinuation<Void, Never>])>

    init(limit: Int) {
        state = Locked((free: max(1, limit), waiting: []))
    }

    func acquire() async {
        await withCheckedContinuation { c in
            let now = state.withLock { s in
                if s.free > 0 { s.free -= 1; return true }
                s.waiting.append(c)
                return false
            }
            if now { c.resume() }
        }
    }

    func release() {
        let next = state.withLock { s -> CheckedContinuation<Void, Never>? in
            if s.waiting.isEmpty { s.free += 1; return nil }
            return s.waiting.removeFirst()
        }
        next?.resume()
    }
}
