import ArgumentParser
import Foundation
import IntakeCore
import Logging

@main
struct Intake: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intake",
        abstract: "Intake311: every resident contact, on any channel, becomes a tracked 311 case.",
        discussion: """
            Settings come from the environment (INTAKE_*), over a config file of KEY=value lines
            (--config, $INTAKE_CONFIG, or $INTAKE_DATA_DIR/stack.env written by Docker/stack.sh).
            See README.md for every setting.
            """,
        subcommands: [Run.self, Adapters.self, Enrich.self, Writer.self, Migrate.self, Tail.self, Status.self, Cases.self,
                      Config.self, NewChannel.self, Triage.self, Staff.self],
        defaultSubcommand: Run.self)

    static func main() async {
        OpenMPLimit.applyByRestarting()
        SharedExecutor.installUnlessOff()
        await main(nil)
    }
}

struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "A file of KEY=value settings; the environment wins over it.")
    var config: String?

    func settings() throws -> IntakeSettings {
        do {
            return try IntakeSettings.load(configFile: config)
        } catch {
            throw ValidationError(error.description)
        }
    }

    func logger(_ settings: IntakeSettings, label: String = "intake") -> Logger {
        let level = Logger.Level(rawValue: settings.logLevel.lowercased()) ?? .info
        LoggingSystem.bootstrap { label in
            var h = StreamLogHandler.standardError(label: label)
            h.logLevel = level
            return h
        }
        return Logger(label: label)
    }
}
