import ArgumentParser
import Foundation
import IntakeBus
import IntakeCore

struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show every intake process: up or down, last seen, contacts per second, spool depth, receipts outstanding, unacknowledged escalations.",
        discussion: """
            The figures come from the retained status/{component}/{instance} messages each stage
            republishes every INTAKE_STATUS_SECONDS. An instance silent for three of its intervals
            shows as down (stale) even when its last message said online.
            """)
    @OptionGroup var options: CommonOptions
    @Option(help: "Seconds to collect status messages before printing (without --watch).")
    var wait: Double = 1.0
    @Flag(help: "Keep the table on screen, refreshed in place every --refresh seconds.")
    var watch = false
    @Option(help: "Seconds between refreshes with --watch.")
    var refresh: Double = 1.0
    @Option(help: "Colour: auto (on a terminal, unless NO_COLOR is set), always or never.")
    var color: String = "auto"

    func validate() throws {
        guard ["auto", "always", "never"].contains(color) else { throw ValidationError("--color is auto, always or never") }
    }

    func run() async throws {
        let settings = try options.settings()
        let logger = options.logger(settings)
        let colour = TailFormatter.wantsColour(color, isTerminal: isatty(STDOUT_FILENO) == 1, environment: ProcessInfo.processInfo.environment)
        let client = MQTTClient(configuration: .init(endpoint: settings.mqtt, clientID: "intake-status-\(settings.instance)-\(getpid())"),
                                logger: logger)
        try client.subscribe(settings.topics.allStatus, qos: 1)
        let board = BoardBox(interval: Double(settings.statusInterval.components.seconds))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            group.addTask {
                for await m in client.messages {
                    if let r = try? IntakeJSON.decode(StatusReport.self, from: m.payload) { board.record(r, topic: m.topic) }
                }
            }
            try await client.waitUntilConnected()
            if watch {
                while !Task.isCancelled {
                    try await Task.sleep(for: .milliseconds(Int(min(wait, refresh) * 1000)))
                    // Home and clear below: the table is redrawn in place.
                    let screen = "\u{1B}[H\u{1B}[2J" + "intake status — \(RFC3339.string(from: Date()))\n\n" + board.render(colour: colour)
                    FileHandle.standardOutput.write(Data(screen.utf8))
                }
            } else {
                try await Task.sleep(for: .milliseconds(Int(wait * 1000)))
                FileHandle.standardOutput.write(Data(board.render(colour: colour).utf8))
            }
            await client.shutdown()
            group.cancelAll()
        }
    }
}

/// The board shared by the reading task and the printing one.
private final class BoardBox: @unchecked Sendable {
    private let lock = NSLock()
    private var board = StatusBoard()

    init(interval: Double) {
        board.defaultInterval = interval
    }

    func record(_ r: StatusReport, topic: String) {
        lock.withLock { board.record(r, topic: topic) }
    }

    func render(colour: Bool) -> String {
        lock.withLock { board.render(colour: colour) }
    }
}
