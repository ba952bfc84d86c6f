import ArgumentParser
import IntakeStore

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply pending schema migrations (as INTAKE_MIGRATION_DATABASE_URL, else INTAKE_DATABASE_URL).")
    @OptionGroup var options: CommonOptions
    @Flag(help: "Only list applied and pending migrations.")
    var status = false

    func run() async throws {
        let settings = try options.settings()
        let logger = options.logger(settings)
        let db = try await PostgresConnection.connect(url: settings.migrationDatabaseURL, applicationName: "intake-migrate", logger: logger)
        let runner = MigrationRunner(logger: logger)
        if status {
            let applied = try await runner.appliedVersions(db)
            for m in runner.migrations {
                print("\(applied.contains(m.version) ? "applied" : "pending")  \(m.version)  \(m.name)")
            }
        } else {
            let done = try await runner.migrate(db)
            print(done.isEmpty ? "schema is up to date (version \(runner.migrations.last?.version ?? 0))"
                               : "applied: \(done.map { "\($0.version) \($0.name)" }.joined(separator: ", "))")
        }
        await db.close()
    }
}
