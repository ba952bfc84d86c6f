import ArgumentParser
import Foundation
import IntakeBus
import IntakeCore

struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List every intake process and whether it is online (from the retained status topics).")
    @OptionGroup var options: CommonOptions
    @Option(help: "Seconds to collect status messages.")
    var wait: Double = 1.0

    func run() async throws {
        let settings = try options.settings()
        let logger = options.logger(settings)
        let client = MQTTClient(configuration: .init(endpoint: settings.mqtt, clientID: "intake-status-\(settings.instance)"), logger: logger)
        try client.subscribe(settings.topics.allStatus, qos: 1)
        let reports = await withThrowingTaskGroup(of: [StatusReport]?.self) { group in
            group.addTask {
                try await client.run()
                return nil
            }
            group.addTask {
                try await client.waitUntilConnected()
                try await Task.sleep(for: .milliseconds(Int(wait * 1000)))
                await client.stopReceiving(unsubscribing: [settings.topics.allStatus], grace: .zero)
                return nil
            }
            var out: [String: StatusReport] = [:]
            for await m in client.messages {
                if let r = try? IntakeJSON.decode(StatusReport.self, from: m.payload) { out[m.topic] = r }
            }
            await client.shutdown()
            return out.sorted { $0.key < $1.key }.map(\.value)
        }
        if reports.isEmpty {
            print("no intake process has reported on \(settings.topics.allStatus)")
            return
        }
        print("COMPONENT  INSTANCE                        STATE    SINCE")
        for r in reports {
            print("\(r.component.padding(toLength: 10, withPad: " ", startingAt: 0)) \(r.instance.padding(toLength: 31, withPad: " ", startingAt: 0)) \(r.state.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(r.since.map(RFC3339.string) ?? "-")")
        }
    }
}
