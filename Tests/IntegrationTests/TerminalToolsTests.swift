import Foundation
import IntakeBus
import IntakeCore
import IntakeTestSupport
import Testing

/// `intake tail` and `intake status` as an operator sees them: in a terminal (tmux), against the
/// real broker and real intake processes, reading the screen.
@Suite("Terminal tools")
struct TerminalToolsTests {
    /// `intake <arguments>` as the operator user, with the stack's settings.
    static func operatorCommand(_ stack: TestStack, _ arguments: [String]) throws -> String {
        let env = try ConfigFile.read(path: "\(stack.directory)/stack.env")
        return TmuxSession.commandLine(try IntakeProcess.executable(), arguments, environment: [
            "INTAKE_CONFIG": "\(stack.directory)/stack.env",
            "INTAKE_MQTT_URL": try #require(env["INTAKE_MQTT_URL_OPERATOR"]),
            "INTAKE_INSTANCE": "operator-\(UUID().uuidString.prefix(6))",
            "INTAKE_LOG_LEVEL": "error",
            "PATH": "/usr/bin:/bin",
        ])
    }

    static func contact(_ channel: String, text: String, from: String) -> ContactEnvelope {
        ContactEnvelope(id: "\(channel):\(UUID().uuidString)", channel: channel, adapter: "test-\(channel)",
                        sender: Sender(kind: .phone, address: from), language: "en", text: text)
    }

    @Test("tail shows, in colour, the contacts and enriched contacts its filters let through, with the sender hidden and no text")
    func tailInTmux() async throws {
        try await TestStack.with { stack in
            let byChannel = try await TmuxSession.start(try Self.operatorCommand(stack, ["tail", "--channel", "sms"]))
            let byCategory = try await TmuxSession.start(try Self.operatorCommand(stack, ["tail", "--topic", "enriched", "--category", "graffiti,streets.pothole"]))
            defer { Task { await byChannel.stop(); await byCategory.stop() } }
            let publisher = try BusProbe(stack, role: "intake")
            try await publisher.start()
            let topics = TopicTree()
            // Both tails are subscribed once an earlier message shows; publish until one does.
            let warmUp = Self.contact("sms", text: "warm up", from: "+15205550100")
            try await byChannel.waitForScreen("the warm-up contact", timeout: .seconds(30)) { screen in
                try? publisher.client.sendJSON(warmUp, topic: topics.contact(channel: "sms"))
                return screen.contains("•00")
            }
            let warmUpEnriched = EnrichedContact(contact: Self.contact("web", text: "warm up", from: "+15205550111"),
                                                 triage: TriageResult(category: "graffiti", priority: .low), dedup: DedupVerdict(verdict: .new))
            try await byCategory.waitForScreen("the warm-up enriched contact", timeout: .seconds(30)) { screen in
                try? publisher.client.sendJSON(warmUpEnriched, topic: topics.enriched(channel: "web"))
                return screen.contains("•11")
            }

            let sms = Self.contact("sms", text: "Pothole on Stone Ave, secret words", from: "+15205550177")
            let email = Self.contact("email", text: "Graffiti on the wall", from: "+15205550188")
            try await publisher.client.publish(topic: topics.contact(channel: "sms"), payload: IntakeJSON.encode(sms))
            try await publisher.client.publish(topic: topics.contact(channel: "email"), payload: IntakeJSON.encode(email))
            for (c, category) in [(sms, "streets.pothole"), (email, "graffiti")] {
                let e = EnrichedContact(contact: c, triage: TriageResult(category: category, priority: .high), dedup: DedupVerdict(verdict: .new))
                try await publisher.client.publish(topic: topics.enriched(channel: c.channel), payload: IntakeJSON.encode(e))
            }
            let other = EnrichedContact(contact: Self.contact("chat", text: "Barking dog", from: "+15205550199"),
                                        triage: TriageResult(category: "animals.noise", priority: .low), dedup: DedupVerdict(verdict: .new))
            try await publisher.client.publish(topic: topics.enriched(channel: "chat"), payload: IntakeJSON.encode(other))

            // --channel sms: the sms contact and its enriched message, coloured; nothing from email.
            let coloured = try await byChannel.waitForScreen("the sms contact and its enriched message", escapes: true) { s in
                s.contains("•77") && s.contains("streets.pothole")
            }
            #expect(coloured.contains("\u{1B}[36mcontact"), "contact lines are coloured on a terminal")
            let channelScreen = try await byChannel.screen()
            let lines = channelScreen.split(separator: "\n").filter { $0.contains("•77") }
            #expect(lines.count == 2 && lines.allSatisfy { $0.contains(" sms ") })
            #expect(lines.contains { $0.contains("enriched") && $0.contains("streets.pothole") && $0.contains("high") })
            #expect(!channelScreen.contains("•88") && !channelScreen.contains("email"))
            #expect(!channelScreen.contains("secret words") && !channelScreen.contains("5550177"), "the resident's words and number stay hidden")

            // --topic enriched --category …: the two categories asked for, not the chat one, no raw contacts.
            let categoryScreen = try await byCategory.waitForScreen("both enriched contacts") { s in
                s.contains("•77") && s.contains("•88")
            }
            #expect(categoryScreen.split(separator: "\n").contains { $0.contains("•77") && $0.contains("streets.pothole") })
            #expect(categoryScreen.split(separator: "\n").contains { $0.contains("•88") && $0.contains("graffiti") && $0.contains(" email ") })
            #expect(!categoryScreen.contains("animals.noise") && !categoryScreen.contains("contact "))
            await publisher.stop()
            await byChannel.stop()
            await byCategory.stop()
        }
    }

    @Test("status shows each running process with its figures, and one killed as down")
    func statusInTmux() async throws {
        try await TestStack.with { stack in
            let env = try ConfigFile.read(path: "\(stack.directory)/stack.env")
            let adapters = try await IntakeProcess.start("adapters", stack: stack, environment: [
                "INTAKE_DATA_DIR": try Paths.temporaryDirectory("data"), "INTAKE_INSTANCE": "floor-a1", "INTAKE_STATUS_SECONDS": "1",
                "INTAKE_MQTT_URL": try #require(env["INTAKE_MQTT_URL_ADAPTERS"]), "INTAKE_ACK_WAIT_MS": "0", "INTAKE_CHANNELS": "sms",
            ])
            let writer = try await IntakeProcess.start("writer", stack: stack, environment: [
                "INTAKE_DATA_DIR": try Paths.temporaryDirectory("data"), "INTAKE_INSTANCE": "floor-w1", "INTAKE_STATUS_SECONDS": "1",
                "INTAKE_MQTT_URL": try #require(env["INTAKE_MQTT_URL_WRITER"]),
            ])
            let status = try await TmuxSession.start(try Self.operatorCommand(stack, ["status", "--watch", "--refresh", "0.5"]))
            defer { Task { await status.stop() } }
            /// The words of the instance's row, when it has a whole one.
            func row(_ screen: String, _ instance: String) -> [Substring]? {
                screen.split(separator: "\n").first { $0.contains(instance) }.map { $0.split(separator: " ") }.flatMap { $0.count >= 8 ? $0 : nil }
            }
            let both = try await status.waitForScreen("both processes up") { s in
                row(s, "floor-a1")?[2] == "up" && row(s, "floor-w1")?[2] == "up"
            }
            #expect(both.contains("COMPONENT") && both.contains("SPOOL") && both.contains("UNACK ESC"))
            #expect(row(both, "floor-a1")?.first == "adapters" && row(both, "floor-w1")?.first == "writer")

            // No enrich runs: an SMS taken in stays spooled and its receipt outstanding.
            let r = try await TestTwilio.post("\(adapters.baseURL)/twilio/sms", parameters: TestTwilio.smsParameters(body: "Pothole on Stone Ave"))
            #expect(r.status == 200)
            let spooled = try await status.waitForScreen("one contact spooled, its receipt outstanding") { s in
                row(s, "floor-a1").map { Array($0.suffix(3)) } == ["1", "1", "-"]
            }
            #expect(row(spooled, "floor-w1")?.suffix(4).first == "0.00", "the writer reports its rate")

            await writer.kill()
            let down = try await status.waitForScreen("the killed writer as down") { s in row(s, "floor-w1")?[2] == "down" }
            #expect(row(down, "floor-a1")?[2] == "up")
            #expect(down.contains("1 up, 1 down"))
            // Colour on a terminal: up in green, down in red.
            let coloured = try await status.screen(escapes: true)
            #expect(coloured.contains("\u{1B}[32mup") && coloured.contains("\u{1B}[31mdown"))
            _ = await adapters.terminate()
            await status.stop()
        }
    }
}
