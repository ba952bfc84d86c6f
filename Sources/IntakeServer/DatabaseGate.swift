import IntakeCore
import IntakeStore
import Logging
import ServiceLifecycle
import Synchronization

/// Opens once the writer's database answers and its migrations are applied.
///
/// `intake run` starts while PostgreSQL is down: the adapters take contacts into their spools at
/// once, and the services that need the database (`AfterDatabase`) wait behind this gate, which
/// tries again with a doubling delay (1 s up to 30 s) and says so in the log.
final class DatabaseGate: Service, Sendable {
    let settings: IntakeSettings
    /// The writer's own connection (lazy: it opens when the database answers).
    let db: PostgresConnection
    let logger: Logger
    private let opened = Atomic<Bool>(false)

    init(settings: IntakeSettings, db: PostgresConnection, logger: Logger) {
        self.settings = settings
        self.db = db
        self.logger = logger
    }

    var isOpen: Bool { opened.load(ordering: .acquiring) }

    func run() async throws {
        var delay = Duration.seconds(1)
        var attempts = 0
        while !isOpen {
            do {
                try await IntakeRuntime.migrate(db, settings: settings, logger: logger)
                opened.store(true, ordering: .releasing)
                if attempts > 0 { logger.notice("PostgreSQL answers again after \(attempts) failed attempt(s); the writer starts") }
            } catch let error as PostgresError where error.isTransient {
                attempts += 1
                let message = attempts == 1
                    ? "PostgreSQL is not reachable (\(error.message)); the adapters keep taking contacts into their spools, and the writer starts when the database answers (next try in \(delay))"
                    : "PostgreSQL still not reachable (attempt \(attempts)); next try in \(delay)"
                if attempts == 1 { logger.warning("\(message)") } else { logger.notice("\(message)") }
                let wait = delay
                do {
                    try await cancelWhenGracefulShutdown { try await Task.sleep(for: wait) }
                } catch {
                    return
                }
                delay = min(delay * 2, .seconds(30))
            }
        }
        // Stay in the group (a service that returns would end it) until shutdown.
        try? await gracefulShutdown()
    }
}

/// A service that starts only once the database gate is open (or never, on an earlier shutdown).
struct AfterDatabase: Service {
    let gate: DatabaseGate
    let service: any Service

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while !gate.isOpen { try await Task.sleep(for: .milliseconds(100)) }
            }
        } catch {
            return
        }
        try await service.run()
    }
}
