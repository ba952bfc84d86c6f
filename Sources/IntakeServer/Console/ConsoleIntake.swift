import Foundation
public import IntakeBus
import IntakeChannel
public import IntakeCore
import IntakeSpool
public import Logging
public import ServiceLifecycle

/// The contacts staff enter on a resident's behalf: one `ContactIntake` per channel (`walk_in`,
/// `phone`, `mail`), all of adapter `console`, each with its spool under
/// `$INTAKE_DATA_DIR/spool/console/<channel>`. It runs its own bus connection, hears the receipts
/// on `receipt/console`, and publishes spooled contacts again until they arrive. The same
/// connection feeds the live view (`ConsoleLive`) and carries the console's acknowledgements.
public final class ConsoleIntake: Service, Sendable {
    public static let adapter = "console"
    public static let channels = ["walk_in", "phone", "mail"]

    let bus: MQTTClient
    let intakes: [String: ContactIntake]
    let topics: TopicTree
    let live: ConsoleLive
    let logger: Logger

    public init(settings: IntakeSettings, logger: Logger) throws {
        // No status topic: the writer's stands for the process.
        bus = MQTTClient(configuration: .init(endpoint: settings.mqtt, clientID: "intake-console-\(settings.instance)"), logger: logger)
        var intakes: [String: ContactIntake] = [:]
        for channel in Self.channels {
            let spool = try ContactSpool(configuration: .init(directory: "\(settings.dataDirectory)/spool/console/\(channel)"), logger: logger)
            intakes[channel] = ContactIntake(adapter: Self.adapter, channel: channel, spool: spool, bus: bus, settings: settings, logger: logger)
        }
        self.intakes = intakes
        topics = settings.topics
        live = ConsoleLive(topics: settings.topics, bus: bus, logger: logger)
        self.logger = logger
    }

    /// Spools the contact (the delivery promise) and waits briefly for its case reference.
    func submit(_ contact: ContactEnvelope) async throws -> ContactIntake.Submission {
        guard let intake = intakes[contact.channel] else { throw StaffUsersError("no console channel \(contact.channel)") }
        return try await intake.submit(contact)
    }

    /// Publishes a dispatcher's acknowledgement of an escalation.
    func acknowledge(escalation id: String, by user: String) throws {
        try bus.send(topic: "\(topics.escalation)/\(id)/ack", payload: ConsoleLive.acknowledgement(id: id, by: user), qos: 1)
    }

    public func run() async throws {
        try bus.subscribe(topics.receipt(adapter: Self.adapter), qos: 1)
        let receipts = topics.receipt(adapter: Self.adapter)
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await self.bus.run() }
            group.addTask {
                for await state in self.bus.connectionChanges() where state == .connected {
                    for i in self.intakes.values { i.republishAllNow() }
                }
            }
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(2))
                    // Staff enter a handful of contacts a minute; the writer is in this process,
                    // so the ordinary pace applies.
                    for i in self.intakes.values { i.republish(writer: .unknown, budget: 100) }
                }
            }
            group.addTask {
                for await message in self.bus.messages {
                    guard message.topic == receipts else {
                        self.live.handle(message)
                        continue
                    }
                    guard let batch = try? IntakeJSON.decode(ReceiptBatch.self, from: message.payload) else {
                        self.logger.error("console: unreadable receipt on \(message.topic)")
                        continue
                    }
                    // Each intake takes the receipts of its own spooled contacts and ignores the rest.
                    // The console shows the reference on its own page; nothing is sent after it.
                    var answered: [String] = []
                    for i in self.intakes.values { _ = i.receiptsArrived(batch, answered: &answered) }
                }
            }
            try? await gracefulShutdown()
            await bus.shutdown()
            for i in intakes.values { await i.spool.close() }
            group.cancelAll()
        }
    }
}
