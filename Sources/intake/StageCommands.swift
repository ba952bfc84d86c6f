import ArgumentParser
import Foundation
import IntakeServer

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run every stage in one process: adapters, enrich, writer (the default).")
    @OptionGroup var options: CommonOptions

    func run() async throws {
        try await runStages(Set(Stage.allCases), options)
    }
}

struct Adapters: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the channel adapters and their HTTP routes only.")
    @OptionGroup var options: CommonOptions

    func run() async throws {
        try await runStages([.adapters], options)
    }
}

struct Enrich: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the enrich stage only (any number of instances share the work).")
    @OptionGroup var options: CommonOptions

    func run() async throws {
        try await runStages([.enrich], options)
    }
}

struct Writer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the case writer only (any number of instances share the work).")
    @OptionGroup var options: CommonOptions

    func run() async throws {
        try await runStages([.writer], options)
    }
}

func runStages(_ stages: Set<Stage>, _ options: CommonOptions) async throws {
    // A peer that closes its socket is an error to handle on that socket, not a reason to exit.
    signal(SIGPIPE, SIG_IGN)
    let settings = try options.settings()
    let logger = options.logger(settings)
    do {
        try await IntakeRuntime(settings: settings, stages: stages, logger: logger).run()
    } catch {
        logger.critical("intake stopped: \(error)")
        throw ExitCode(1)
    }
}
