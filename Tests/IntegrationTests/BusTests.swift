import Foundation
import IntakeBus
import IntakeCore
import IntakeTestSupport
import Logging
import Testing

/// The libmosquitto client against a real mosquitto.
@Suite("Bus")
struct BusTests {
    @Test("QoS 1 messages carry user properties; shared subscriptions split them between instances")
    func sharedSubscriptions() async throws {
        try await TestStack.with { stack in
            let a = try BusProbe(stack, role: "intake")
            let b = try BusProbe(stack, role: "intake")
            try await a.start(subscribing: ["$share/workers/311/v1/contact/+"])
            try await b.start(subscribing: ["$share/workers/311/v1/contact/+"])
            let publisher = try BusProbe(stack, role: "intake")
            try await publisher.start()
            for i in 0..<100 {
                try await publisher.client.publish(topic: "311/v1/contact/sms", payload: Array("m\(i)".utf8), qos: 1,
                                                   userProperties: [("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), ("n", "\(i)")])
            }
            try await a.waitFor { _ in a.messages.count + b.messages.count == 100 }
            #expect(a.messages.count > 0 && b.messages.count > 0, "split \(a.messages.count)/\(b.messages.count)")
            let all = (a.messages + b.messages)
            #expect(Set(all.map { String(decoding: $0.payload, as: UTF8.self) }).count == 100)
            #expect(all.allSatisfy { $0.userProperty("traceparent") == "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" })
            #expect(all.allSatisfy { $0.qos == 1 })
            for p in [a, b, publisher] { await p.stop() }
        }
    }

    @Test("after the broker restarts, the client reconnects with backoff and subscribes again")
    func reconnect() async throws {
        try await TestStack.with { stack in
            let sub = try BusProbe(stack, role: "operator")
            try await sub.start(subscribing: ["311/v1/reply/#"])
            let changes = sub.client.connectionChanges()
            try await stack.brokerStop()
            try await stack.brokerStart()
            var sawDrop = false
            for await state in changes {
                if state != .connected { sawDrop = true }
                if sawDrop && state == .connected { break }
            }
            try await Task.sleep(for: .milliseconds(200))
            let pub = try BusProbe(stack, role: "intake-writer")
            try await pub.start()
            try await pub.client.publish(topic: "311/v1/reply/sms", payload: Array("after restart".utf8))
            try await sub.waitFor("the message after the restart") { m in m.contains { $0.payload == Array("after restart".utf8) } }
            await sub.stop()
            await pub.stop()
        }
    }

    @Test("a client with a session expiry gets, after a broker restart, what was published while it was away")
    func sessionOutlivesRestart() async throws {
        try await TestStack.with { stack in
            let id = "kept-\(UUID().uuidString.prefix(8))"
            let first = try BusProbe(stack, role: "operator", clientID: id, sessionExpirySeconds: 600)
            try await first.start(subscribing: ["311/v1/reply/#"])
            await first.stop()
            try await stack.brokerStop()
            try await stack.brokerStart()
            let pub = try BusProbe(stack, role: "intake-writer")
            try await pub.start()
            try await pub.client.publish(topic: "311/v1/reply/sms", payload: Array("while away".utf8))
            // Subscribes to nothing itself: only the kept session can bring the message.
            let again = try BusProbe(stack, role: "operator", clientID: id, sessionExpirySeconds: 600)
            try await again.start()
            try await again.waitFor("the message queued for the session") { m in m.contains { $0.payload == Array("while away".utf8) } }

            // Without an expiry the session ends at the disconnect, and nothing is kept.
            let plainID = "plain-\(UUID().uuidString.prefix(8))"
            let plain = try BusProbe(stack, role: "operator", clientID: plainID)
            try await plain.start(subscribing: ["311/v1/reply/#"])
            await plain.stop()
            try await pub.client.publish(topic: "311/v1/reply/sms", payload: Array("unkept".utf8))
            let plainAgain = try BusProbe(stack, role: "operator", clientID: plainID)
            try await plainAgain.start()
            try await Task.sleep(for: .seconds(1))
            #expect(plainAgain.messages.isEmpty)
            for p in [again, pub, plainAgain] { await p.stop() }
        }
    }

    @Test("a process's retained status says online, and its last will says offline when it dies")
    func statusAndLastWill() async throws {
        try await TestStack.with { stack in
            let watcher = try BusProbe(stack, role: "operator")
            try await watcher.start(subscribing: ["311/v1/status/#"])
            let adapter = try await IntakeProcess.start("adapters", stack: stack, environment: [
                "INTAKE_DATA_DIR": try Paths.temporaryDirectory("data"), "INTAKE_INSTANCE": "will-test",
                "INTAKE_MQTT_URL": try ConfigFile.read(path: "\(stack.directory)/stack.env")["INTAKE_MQTT_URL_ADAPTERS"]!,
            ])
            func last() -> StatusReport? {
                watcher.messages(on: "311/v1/status/adapters/will-test").last.flatMap { try? IntakeJSON.decode(StatusReport.self, from: $0.payload) }
            }
            try await watcher.waitFor("online status") { _ in last()?.state == .online }
            await adapter.kill()
            try await watcher.waitFor("the last will") { _ in last()?.state == .offline }

            // Retained: a newcomer learns it at once.
            let late = try BusProbe(stack, role: "operator")
            try await late.start(subscribing: ["311/v1/status/adapters/will-test"])
            let m = try await late.waitFor("the retained status") { !$0.isEmpty }
            #expect(m[0].retain)
            #expect(try IntakeJSON.decode(StatusReport.self, from: m[0].payload).state == .offline)
            await watcher.stop()
            await late.stop()
        }
    }

    @Test("the broker's ACL holds each stage to its own topics", arguments: [
        ("intake-adapters", "311/v1/enriched/sms", false),
        ("intake-adapters", "311/v1/contact/sms", true),
        ("intake-enrich", "311/v1/receipt/twilio-sms", false),
        ("intake-enrich", "311/v1/enriched/sms", true),
        ("intake-enrich", "311/v1/alert/surge", true),
        ("intake-adapters", "311/v1/alert/surge", false),
        ("intake-writer", "311/v1/contact/sms", false),
        ("intake-writer", "311/v1/receipt/twilio-sms", true),
        ("operator", "311/v1/case/TUC-2026-000001/event", false),
        ("operator", "311/v1/reply/sms", true),
    ])
    func acl(role: String, topic: String, allowed: Bool) async throws {
        try await TestStack.with { stack in
            let probe = try BusProbe(stack, role: role)
            try await probe.start()
            do {
                try await probe.client.publish(topic: topic, payload: Array("x".utf8), qos: 1)
                #expect(allowed, "\(role) may not publish to \(topic), yet the broker accepted it")
            } catch BusError.rejected {
                #expect(!allowed, "\(role) should publish to \(topic)")
            }
            await probe.stop()
        }
    }
}

/// A PUBACK that never comes (the broker stopped answering) fails the wait at its deadline.
@Suite("Bus PUBACK deadlines")
struct BusPubackDeadlineTests {
    @Test("waits for a PUBACK from a paused broker end at their deadline, as a task and as a callback")
    func pausedBroker() async throws {
        try await TestStack.with { stack in
            let probe = try BusProbe(stack, role: "intake")
            try await probe.start()
            try await probe.client.publishAcknowledged(topic: "311/v1/contact/sms", payload: Array("answered".utf8), timeout: .seconds(5))
            let pid = try String(contentsOfFile: "\(stack.directory)/mosquitto/mosquitto.pid", encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let brokerPID = try #require(Int32(pid))
            #expect(kill(brokerPID, SIGSTOP) == 0)
            defer { kill(brokerPID, SIGCONT) }

            let start = ContinuousClock.now
            let called = Locked<[String]>([])
            probe.client.publishAcknowledged(topic: "311/v1/contact/sms", payload: Array("callback".utf8),
                                             timeout: .milliseconds(300)) { result in
                let name = switch result {
                case .success: "ok"
                case .failure(let e): (e as? BusError) == .timedOut ? "timedOut" : "\(e)"
                }
                called.withLock { $0.append(name) }
            }
            await #expect(throws: BusError.self) {
                try await probe.client.publishAcknowledged(topic: "311/v1/contact/sms", payload: Array("task".utf8),
                                                           timeout: .milliseconds(300))
            }
            let waited = ContinuousClock.now - start
            // Not before its deadline (no upper bound: a busy machine may run the network thread late).
            #expect(waited >= .milliseconds(300))
            for _ in 0..<100 where called.withLock({ $0.isEmpty }) { try await Task.sleep(for: .milliseconds(20)) }
            let outcome = called.withLock { $0 }
            #expect(outcome == ["timedOut"])

            kill(brokerPID, SIGCONT)
            try await probe.client.publishAcknowledged(topic: "311/v1/contact/sms", payload: Array("after".utf8), timeout: .seconds(10))
            await probe.stop()
        }
    }
}
