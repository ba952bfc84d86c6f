import Foundation
import IntakeBus
import IntakeCore
import IntakeTestSupport
import Testing

/// The subscription options stages rely on to receive only what they need.
@Suite("Bus subscriptions")
struct BusSubscriptionTests {
    @Test("with No Local a client hears a peer's messages on the filter but not its own; without it, both")
    func noLocal() async throws {
        try await TestStack.with { stack in
            let a = try BusProbe(stack, role: "intake")
            let b = try BusProbe(stack, role: "intake")
            let watcher = try BusProbe(stack, role: "intake")
            try a.client.subscribe("311/v1/enriched/+", qos: 1, noLocal: true)
            try await a.start()
            try await b.start()
            try await watcher.start(subscribing: ["311/v1/enriched/+"])
            defer { Task { await a.stop(); await b.stop(); await watcher.stop() } }

            try a.client.send(topic: "311/v1/enriched/sms", payload: Array("from-a".utf8), qos: 1)
            try b.client.send(topic: "311/v1/enriched/sms", payload: Array("from-b".utf8), qos: 1)
            // The watcher (no option) hears both: once it has, the broker has routed both to `a` too.
            try await watcher.waitFor("both messages") { $0.count == 2 }
            try await a.waitFor("the peer's message") { $0.contains { $0.payload == Array("from-b".utf8) } }
            try await Task.sleep(for: .milliseconds(200))
            #expect(a.messages.map { String(decoding: $0.payload, as: UTF8.self) } == ["from-b"])
        }
    }

    @Test("an acknowledged subscription returns once the broker has it: a message published right after is heard")
    func acknowledged() async throws {
        try await TestStack.with { stack in
            let listener = try BusProbe(stack, role: "intake")
            let sender = try BusProbe(stack, role: "intake")
            try await listener.start()
            try await sender.start()
            defer { Task { await listener.stop(); await sender.stop() } }
            for round in 0..<20 {
                let topic = "311/v1/contact/round\(round)"
                try await listener.client.subscribeAcknowledged(topic, qos: 1)
                try await sender.client.publish(topic: topic, payload: Array("r\(round)".utf8), qos: 1)
                try await listener.waitFor(timeout: .seconds(5), "round \(round)") { $0.contains { $0.topic == topic } }
                listener.client.unsubscribe(topic)
            }
            #expect(listener.messages.count == 20)
        }
    }
}
