import Foundation
import IntakeBus
import IntakeCore
import IntakeTestSupport
import Logging
import Testing

/// Item 8 of the fault work: the broker's TLS listener, with the stack's own CA and the same
/// per-component users and ACL as the plain listener.
@Suite("Bus over TLS")
struct BusTLSTests {
    @Test("components connect over TLS with their own credentials and a CA the stack made; a client that does not trust it is refused")
    func tlsListener() async throws {
        try await TestStack.with { stack in
            // The same broker again, now with a TLS listener on a port of the test's choosing.
            try await stack.brokerStop()
            let tlsPort = try freePort()
            try await Shell.run("/bin/bash", [Paths.stackScript, "broker", "up", "--dir", stack.directory, "--mqtts-port", String(tlsPort)])
            let env = try ConfigFile.read(path: "\(stack.directory)/stack.env")
            let caFile = try #require(env["INTAKE_MQTT_CA_FILE"])
            #expect(FileManager.default.fileExists(atPath: caFile))

            func secret(_ user: String) throws -> String {
                try String(contentsOfFile: "\(stack.directory)/secrets/mqtt-\(user)", encoding: .utf8)
            }
            func client(_ user: String, caFile: String?) throws -> MQTTClient {
                var logger = Logger(label: "tls-test")
                logger.logLevel = .critical
                let endpoint = MQTTEndpoint(host: "127.0.0.1", port: tlsPort, username: user, password: try secret(user), tls: true, caFile: caFile)
                return MQTTClient(configuration: .init(endpoint: endpoint, clientID: "\(user)-\(UUID().uuidString.prefix(6))",
                                                       backoff: ReconnectBackoff(initial: .milliseconds(100), maximum: .milliseconds(500))),
                                  logger: logger)
            }

            // The operator listens for receipts; the writer's role publishes one, both over TLS.
            let listener = try client("operator", caFile: caFile)
            try listener.subscribe("311/v1/receipt/#", qos: 1)
            let writer = try client("intake-writer", caFile: caFile)
            let runs = [Task { _ = try? await listener.run() }, Task { _ = try? await writer.run() }]
            let firstMessage = Task { () -> BusMessage? in
                for await m in listener.messages { return m }
                return nil
            }
            try await withTimeout(.seconds(30)) { try await listener.waitUntilConnected() }
            try await withTimeout(.seconds(30)) { try await writer.waitUntilConnected() }
            try await Task.sleep(for: .milliseconds(200))
            try await writer.publish(topic: "311/v1/receipt/sms", payload: Array("over tls".utf8))
            let received = try await withTimeout(.seconds(20)) { await firstMessage.value }
            #expect(received?.payload == Array("over tls".utf8))
            #expect(received?.topic == "311/v1/receipt/sms")

            // Trusting only the system's CAs, the same user and password get no connection.
            let stranger = try client("intake-writer", caFile: nil)
            let strangerRun = Task { _ = try? await stranger.run() }
            try await Task.sleep(for: .seconds(3))
            #expect(stranger.connectionState != .connected)

            // And the plain listener is still there for what has not moved to TLS.
            let plain = try BusProbe(stack, role: "operator")
            try await plain.start()
            #expect(plain.client.connectionState == .connected)

            await plain.stop()
            for c in [listener, writer, stranger] { await c.shutdown() }
            for t in runs + [strangerRun] { t.cancel() }
            firstMessage.cancel()
        }
    }
}
