import ArgumentParser
import Foundation
import IntakeCore
import IntakeServer

struct Config: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check or show the settings of every stage and enabled channel.",
        subcommands: [Check.self, Show.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate every setting; name each problem, its value, what was expected and the fix. Exits 1 on a problem.")
        @Option(name: .long, help: "A file of KEY=value settings; the environment wins over it.")
        var config: String?

        func run() async throws {
            let check = await SettingsCheck(values: try loadValues(config))
            print(check.checkReport())
            if !check.problems.isEmpty { throw ExitCode(1) }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the effective settings, secrets masked.")
        @Option(name: .long, help: "A file of KEY=value settings; the environment wins over it.")
        var config: String?

        func run() async throws {
            print(await SettingsCheck(values: try loadValues(config)).showReport())
        }
    }
}

private func loadValues(_ file: String?) throws -> SettingsValues {
    do {
        return try SettingsValues.load(configFile: file)
    } catch {
        throw ValidationError(error.description)
    }
}
