public import AsyncHTTPClient
import Foundation
public import IntakeCore
public import IntakeServer
import Logging
import ServiceLifecycle

/// An `intake` runtime inside the test process, on a port of its own.
public final class RunningIntake: Sendable {
    public let settings: IntakeSettings
    public let baseURL: String
    private let group: ServiceGroup
    private let task: Task<Void, any Error>
    /// How the services ended, once they have.
    private let ended: Ending

    /// Starts the given stages and waits until `/health` says every bus connection is up (and,
    /// unless `waitingForDatabase`, that the writer has its database).
    public static func start(_ stack: TestStack, stages: Set<Stage> = Set(Stage.allCases),
                             settings overrides: [String: String] = [:], waitingForDatabase: Bool = false) async throws -> RunningIntake {
        // A port free when chosen can be taken by another process on the machine before intake
        // binds it: then again on another port.
        for attempt in 1...3 {
            do {
                return try await start(stack, stages: stages, settings: overrides, waitingForDatabase: waitingForDatabase, port: try freePort())
            } catch let error as TestSetupError where attempt < 3 && "\(error)".contains("Address already in use") {
                continue
            }
        }
        preconditionFailure("unreachable: the last attempt returns or throws")
    }

    private static func start(_ stack: TestStack, stages: Set<Stage>, settings overrides: [String: String],
                              waitingForDatabase: Bool, port: Int) async throws -> RunningIntake {
        var values = [
            "INTAKE_HTTP_ADDRESS": "127.0.0.1:\(port)",
            "INTAKE_PUBLIC_URL": "http://127.0.0.1:\(port)",
            "INTAKE_TWILIO_AUTH_TOKEN": TestTwilio.authToken,
            "INTAKE_TWILIO_ACCOUNT_SID": TestTwilio.accountSID,
            "INTAKE_DATA_DIR": try Paths.temporaryDirectory("data"),
            "INTAKE_REDELIVERY_SECONDS": "3",
        ]
        values.merge(overrides) { _, o in o }
        let settings = try stack.settings(values)
        var logger = Logger(label: "intake-test")
        logger.logLevel = ProcessInfo.processInfo.environment["INTAKE_TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        let services = try await IntakeRuntime(settings: settings, stages: stages, logger: logger).services()
        let group = ServiceGroup(configuration: .init(services: services.map { .init(service: $0) }, logger: logger))
        let ended = Ending()
        let task = Task {
            do {
                try await group.run()
                ended.how.withLock { $0 = "without an error" }
            } catch {
                ended.how.withLock { $0 = "\(error)" }
                throw error
            }
        }
        let running = RunningIntake(settings: settings, baseURL: "http://127.0.0.1:\(port)", group: group, task: task, ended: ended)
        try await running.waitUntilHealthy(databaseToo: !waitingForDatabase)
        return running
    }

    private init(settings: IntakeSettings, baseURL: String, group: ServiceGroup, task: Task<Void, any Error>,
                 ended: Ending) {
        self.settings = settings
        self.baseURL = baseURL
        self.group = group
        self.task = task
        self.ended = ended
    }

    public func waitUntilHealthy(timeout: Duration = .seconds(60), databaseToo: Bool = true) async throws {
        let deadline = ContinuousClock.now + timeout
        var last = "no answer"
        while ContinuousClock.now < deadline {
            do {
                let r = try await HTTPClient.shared.execute(HTTPClientRequest(url: "\(baseURL)/health"), timeout: .seconds(2))
                let body = String(buffer: try await r.body.collect(upTo: 1 << 16))
                if r.status == .ok && !(databaseToo && body.contains("\"database\":\"waiting\"")) { return }
                last = "\(r.status.code) \(body)"
            } catch {
                last = "\(error)"
            }
            if let how = ended.how.withLock({ $0 }) {
                throw TestSetupError("intake at \(baseURL) stopped before it was healthy, \(how)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestSetupError("intake at \(baseURL) did not become healthy within \(timeout) (last: \(last))")
    }

    /// Graceful stop, as on SIGTERM.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
        try? FileManager.default.removeItem(atPath: settings.dataDirectory)
    }

    /// Runs `body` with a running intake and stops it afterwards, whatever happens.
    public static func with<T>(_ stack: TestStack, stages: Set<Stage> = Set(Stage.allCases), settings: [String: String] = [:],
                               waitingForDatabase: Bool = false,
                               _ body: (RunningIntake) async throws -> T) async throws -> T {
        let intake = try await start(stack, stages: stages, settings: settings, waitingForDatabase: waitingForDatabase)
        do {
            let r = try await body(intake)
            await intake.stop()
            return r
        } catch {
            await intake.stop()
            throw error
        }
    }
}

/// How a running intake's services ended, once they have.
private final class Ending: Sendable {
    let how = Locked<String?>(nil)
}
