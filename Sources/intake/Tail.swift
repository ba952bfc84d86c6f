import ArgumentParser
import Foundation
import IntakeBus
import IntakeCore

struct Tail: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print what crosses the bus, one message per line (an operator's view).",
        discussion: "Example: intake tail --topic '311/v1/case/+/event'. Payloads hold residents' words: keep the output private.")
    @OptionGroup var options: CommonOptions
    @Option(help: "Topic filter; default everything under the prefix.")
    var topic: String?
    @Option(help: "Stop after this many messages.")
    var count: Int?

    func run() async throws {
        let settings = try options.settings()
        let logger = options.logger(settings)
        let client = MQTTClient(configuration: .init(endpoint: settings.mqtt, clientID: "intake-tail-\(settings.instance)"), logger: logger)
        try client.subscribe(topic ?? settings.topics.everything, qos: 1)
        await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            var seen = 0
            for await m in client.messages {
                let body = String(decoding: m.payload, as: UTF8.self)
                let trace = m.userProperty(TraceParent.propertyName).map { " traceparent=\($0)" } ?? ""
                // Written straight to the descriptor so that a pipe sees each line at once.
                FileHandle.standardOutput.write(Data("\(m.topic)\(m.retain ? " (retained)" : "")\(trace) \(body)\n".utf8))
                seen += 1
                if let count, seen >= count { break }
            }
            await client.shutdown()
            group.cancelAll()
        }
    }
}
