import Foundation
import IntakeBus
import IntakeCore
import Logging

/// (a) What the broker moves alone: one libmosquitto publisher, one subscriber, QoS 1, the
/// pipeline's own contact payloads.
enum BrokerCapacity {
    static func measure(stack: BenchStack, messages: Int, run: String, city: CityModel? = nil) async throws -> Double {
        let url = try MQTTEndpoint(url: stack.settings["INTAKE_MQTT_URL"]!)
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let topic = "311/v1/bench/capacity"
        let payloads = (0..<1000).map { IntakeJSON.encode(Workload.contact($0, run: run, city: city)) }
        let sub = MQTTClient(configuration: .init(endpoint: url, clientID: "bench-sub-\(run)", inboundCapacity: 100_000), logger: logger)
        let pub = MQTTClient(configuration: .init(endpoint: url, clientID: "bench-pub-\(run)"), logger: logger)
        try sub.subscribe(topic, qos: 1)
        let runs = Task { try await withThrowingTaskGroup(of: Void.self) { g in
            g.addTask { try await sub.run() }
            g.addTask { try await pub.run() }
            try await g.waitForAll()
        } }
        defer { runs.cancel() }
        try await sub.waitUntilConnected()
        try await pub.waitUntilConnected()
        try await Task.sleep(for: .milliseconds(200))
        log("broker: \(messages) QoS 1 messages of \(payloads[0].count) bytes, one publisher, one subscriber")

        let received = Task { () -> (ContinuousClock.Instant, ContinuousClock.Instant) in
            var first: ContinuousClock.Instant?
            var n = 0
            for await _ in sub.messages {
                if first == nil { first = .now }
                n += 1
                if n == messages { break }
            }
            return (first ?? .now, .now)
        }
        for i in 0..<messages {
            // Acknowledged every 1,000 so the publisher's own queue stays bounded.
            if i % 1000 == 999 {
                try await pub.publish(topic: topic, payload: payloads[i % payloads.count], qos: 1)
            } else {
                try pub.send(topic: topic, payload: payloads[i % payloads.count], qos: 1)
            }
        }
        let (first, last) = await received.value
        await pub.shutdown()
        await sub.shutdown()
        return Double(messages - 1) / ((last - first) / .seconds(1))
    }
}
