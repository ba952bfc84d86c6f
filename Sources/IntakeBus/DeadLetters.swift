import Foundation
public import IntakeCore
public import Logging
import Metrics

/// Where a stage puts what it cannot process: `deadletter/{stage}`, with the reason and the
/// message's bytes as they came, logged (without the payload) and counted.
public struct DeadLetters: Sendable {
    let bus: MQTTClient
    let stage: String
    let topic: String
    let logger: Logger
    let counter: Counter

    public init(stage: String, bus: MQTTClient, topics: TopicTree, logger: Logger) {
        self.bus = bus
        self.stage = stage
        self.topic = topics.deadLetter(stage: stage)
        self.logger = logger
        counter = Counter(label: "intake_deadletters_total", dimensions: [("stage", stage)])
    }

    /// Not waited for: what was dead-lettered comes again (the adapter publishes its contacts
    /// until a receipt comes), and so does its dead letter.
    /// `path` is where in the message the fault is (a JSON Pointer), when it is known.
    public func send(_ message: BusMessage, reason: String, path: String? = nil) {
        counter.increment()
        logger.error("dead letter from \(message.topic)\(path.map { " at \($0)" } ?? ""): \(reason)")
        let letter = DeadLetter(stage: stage, reason: reason, path: path, sourceTopic: message.topic, payload: message.payload, at: Date())
        try? bus.sendJSON(letter, topic: topic)
    }
}
