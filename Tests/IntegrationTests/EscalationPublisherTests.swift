import Foundation
import IntakeBus
import IntakeCore
import IntakeTestSupport
import Logging
import Testing

/// The one escalation publisher (the IVR channel's and the enrich stage's), on a real broker.
@Suite("Escalation publisher")
struct EscalationPublisherTests {
    static func escalation(_ n: Int) -> Escalation {
        Escalation(id: "escalation:test-\(n)", contactID: "sms:SM\(n)", channel: "sms", reason: "emergency words: fire",
                   callback: "+15205550177", location: Location(text: "100 N Stone Ave", lat: 32.2231, lon: -110.9713, source: .geocoder),
                   text: "a fire", at: RFC3339.wire(Date()))
    }

    @Test("each publish returns as soon as the broker acknowledges it, not at its timeout, and the message is on the topic")
    func returnsOnAcknowledgement() async throws {
        try await TestStack.with { stack in
            let settings = try stack.settings()
            let bus = MQTTClient.stage("enrich", settings: settings, logger: Logger(label: "escalation-test"))
            let running = Task { try await bus.run() }
            try await withTimeout(.seconds(10)) { try await bus.waitUntilConnected() }
            let probe = try BusProbe(stack)
            try await probe.start(subscribing: [settings.topics.escalation])
            let publisher = EscalationPublisher(bus: bus, topics: settings.topics)
            #expect(publisher.isConnected)

            let sent = (0..<10).map(Self.escalation)
            let trace = TraceParent()
            let clock = ContinuousClock()
            for e in sent {
                let took = try await clock.measure { try await publisher.publish(e, trace: trace, timeout: .seconds(120)) }
                // A PUBACK on loopback takes milliseconds; well under the timeout is enough to tell
                // an acknowledgement from the timeout on a busy machine.
                #expect(took < .seconds(60), "publish took \(took)")
            }
            let messages = try await probe.waitFor("the escalations") { $0.count >= sent.count }
            #expect(try messages.map { try IntakeJSON.decode(Escalation.self, from: $0.payload) } == sent)
            #expect(messages.allSatisfy { $0.topic == settings.topics.escalation })
            #expect(messages.allSatisfy { $0.userProperty(TraceParent.propertyName) == trace.description })

            await probe.stop()
            await bus.shutdown()
            running.cancel()
        }
    }

    @Test("with the broker gone, a publish fails within its timeout instead of waiting for a PUBACK that never comes")
    func failsWithoutBroker() async throws {
        try await TestStack.with { stack in
            let settings = try stack.settings()
            let bus = MQTTClient.stage("enrich", settings: settings, logger: Logger(label: "escalation-test"))
            let running = Task { try await bus.run() }
            try await withTimeout(.seconds(10)) { try await bus.waitUntilConnected() }
            let publisher = EscalationPublisher(bus: bus, topics: settings.topics)
            try await stack.brokerStop()
            try await withTimeout(.seconds(10)) {
                for await state in publisher.reconnections() where state != .connected { return }
            }
            #expect(!publisher.isConnected)

            let clock = ContinuousClock()
            let start = clock.now
            await #expect(throws: BusError.self) { try await publisher.publish(Self.escalation(1), timeout: .seconds(2)) }
            // Without its timeout the publish would wait forever: any bound well past 2 s tells them apart.
            #expect(clock.now - start < .seconds(60))

            await bus.shutdown()
            running.cancel()
        }
    }
}
