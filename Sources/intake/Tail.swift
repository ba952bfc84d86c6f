import ArgumentParser
import Foundation
import IntakeBus
import IntakeCore

struct Tail: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print what crosses the bus, one message per line (an operator's view).",
        discussion: """
            Examples: intake tail --channel sms,email --category pothole
                      intake tail --topic case --topic escalation
                      intake tail --json --topic '311/v1/case/+/event' | jq .payload.case_ref
            A line shows time, kind, channel, case, category, priority and, for contacts, the
            sender with most of it hidden. The resident's words appear only with --text; --json
            prints the whole payload: keep that output private.
            """)
    @OptionGroup var options: CommonOptions
    @Option(help: "Topic filter or kind (contact, enriched, case, reply, escalation, alert, receipt, deadletter, status); repeat or comma-separate. Default everything under the prefix.")
    var topic: [String] = []
    @Option(help: "Only these channels (sms, email, chat…); repeat or comma-separate.")
    var channel: [String] = []
    @Option(help: "Only these categories (as triage names them); repeat or comma-separate.")
    var category: [String] = []
    @Option(help: "Colour: auto (on a terminal, unless NO_COLOR is set), always or never.")
    var color: String = "auto"
    @Flag(help: "Show the resident's text on each line (it is hidden otherwise).")
    var text = false
    @Flag(help: "One JSON object per message: topic, retained, traceparent, payload.")
    var json = false
    @Option(help: "Stop after this many messages (those the filters let through).")
    var count: Int?

    func validate() throws {
        guard ["auto", "always", "never"].contains(color) else { throw ValidationError("--color is auto, always or never") }
    }

    func run() async throws {
        let settings = try options.settings()
        let logger = options.logger(settings)
        let client = MQTTClient(configuration: .init(endpoint: settings.mqtt, clientID: "intake-tail-\(settings.instance)"), logger: logger)
        for f in TailFilter.topicFilters(topic, topics: settings.topics) { try client.subscribe(f, qos: 1) }
        let filter = TailFilter(channels: Set(TailFilter.values(channel).map { $0.lowercased() }),
                                categories: Set(TailFilter.values(category).map { $0.lowercased() }))
        let formatter = TailFormatter(
            colour: TailFormatter.wantsColour(color, isTerminal: isatty(STDOUT_FILENO) == 1, environment: ProcessInfo.processInfo.environment),
            showText: text)
        await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            var seen = 0
            for await m in client.messages {
                let message = TailMessage(topic: m.topic, retained: m.retain, traceparent: m.userProperty(TraceParent.propertyName),
                                          payload: m.payload, prefix: settings.topics.prefix)
                guard filter.accepts(message) else { continue }
                let line = json ? formatter.json(message) : formatter.line(message)
                // Written straight to the descriptor so that a pipe sees each line at once.
                FileHandle.standardOutput.write(Data((line + "\n").utf8))
                seen += 1
                if let count, seen >= count { break }
            }
            await client.shutdown()
            group.cancelAll()
        }
    }
}
