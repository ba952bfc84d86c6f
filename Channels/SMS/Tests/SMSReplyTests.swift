import AsyncHTTPClient
import Foundation
import IntakeCore
import IntakeTestSupport
import Testing
import TwilioSupport

/// Replies to residents through Twilio's REST API (a recording local server standing in for it),
/// with a real broker and a real `intake` running the adapters: sent once, also across a restart;
/// retried, then dead-lettered; never sent to a number that texted STOP.
@Suite("SMS replies")
struct SMSReplyTests {
    static let resident = "+15205550177"

    static func reply(_ id: String, to: String = resident, text: String) -> ReplyMessage {
        ReplyMessage(id: id, channel: "sms", to: Sender(kind: .phone, address: to), from: "+15205550311", language: "en",
                     text: text, caseRef: "TUC-2026-000123", contactID: nil)
    }

    static func publish(_ reply: ReplyMessage, with probe: BusProbe, topics: TopicTree) throws {
        try probe.client.send(topic: topics.reply(channel: "sms"), payload: IntakeJSON.encode(reply), qos: 1)
    }

    /// The messages Twilio was asked to send, as their form bodies.
    static func sent(_ provider: RecordingServer) -> [String] {
        provider.requests.filter { $0.method == "POST" && $0.path.hasSuffix("/Messages.json") }.map(\.body)
    }

    /// How a number appears as the `To` of a form body (`+` as `%2B`).
    static func form(_ number: String) -> String { FormBody.encode([("To", number)]) }

    @Test("a reply published twice is sent once, and once more after the adapter restarts on the same data folder")
    func sentOnceAcrossRestart() async throws {
        try await TestStack.with { stack in
            let provider = try RecordingServer()
            try await provider.start()
            defer { provider.stop() }
            let env = ["INTAKE_DATA_DIR": try Paths.temporaryDirectory("sms-adapter"), "INTAKE_TWILIO_API_URL": provider.baseURL,
                       "INTAKE_TWILIO_ACCOUNT_SID": TestTwilio.accountSID, "INTAKE_CHANNELS": "sms"]
            let topics = try stack.settings().topics
            let probe = try BusProbe(stack)
            try await probe.start()
            defer { Task { await probe.stop() } }

            let first = try await IntakeProcess.start("adapters", stack: stack, environment: env)
            try await Task.sleep(for: .milliseconds(300))
            let notice = Self.reply("notice:41:7", text: "Your case TUC-2026-000123 is closed.")
            try Self.publish(notice, with: probe, topics: topics)
            try Self.publish(notice, with: probe, topics: topics)
            _ = try await provider.waitFor { _ in Self.sent(provider).count >= 1 }
            try await Task.sleep(for: .seconds(1))
            #expect(Self.sent(provider).count == 1)
            #expect(await first.terminate() == 0)

            let second = try await IntakeProcess.start("adapters", stack: stack, environment: env)
            try await Task.sleep(for: .milliseconds(300))
            try Self.publish(notice, with: probe, topics: topics)
            let other = Self.reply("notice:42:7", text: "Your case TUC-2026-000124 is in progress.")
            try Self.publish(other, with: probe, topics: topics)
            _ = try await provider.waitFor { _ in Self.sent(provider).contains { $0.contains("TUC-2026-000124") } }
            try await Task.sleep(for: .seconds(1))
            let bodies = Self.sent(provider)
            #expect(bodies.filter { $0.contains("TUC-2026-000123") }.count == 1, "\(bodies)")
            #expect(bodies.filter { $0.contains("TUC-2026-000124") }.count == 1, "\(bodies)")
            #expect(await second.terminate() == 0)
        }
    }

    @Test("a send Twilio fails (500) is tried INTAKE_REPLY_ATTEMPTS times with backoff, then dead-lettered with the reason")
    func retriedThenDeadLettered() async throws {
        try await ChannelHarness.with(settings: ["INTAKE_REPLY_ATTEMPTS": "3", "INTAKE_REPLY_RETRY_SECONDS": "1"]) { h in
            h.provider.answerPosts((500, #"{"code":20500,"message":"Internal Server Error"}"#))
            let started = ContinuousClock.now
            try Self.publish(Self.reply("notice:50:1", text: "Your case is closed."), with: h.probe, topics: h.intake.settings.topics)
            let letters = try await h.probe.waitFor(timeout: .seconds(30), "a dead letter") {
                $0.contains { $0.topic == h.intake.settings.topics.deadLetter(stage: "adapters") }
            }
            // Tries after 1 s and 2 s more.
            #expect(ContinuousClock.now - started >= .seconds(3))
            #expect(Self.sent(h.provider).count == 3)
            let letter = try #require(letters.first { $0.topic == h.intake.settings.topics.deadLetter(stage: "adapters") })
            let text = String(decoding: letter.payload, as: UTF8.self)
            #expect(text.contains("not sent after 3 tries"), "\(text)")
            #expect(text.contains("Twilio answered 500"), "\(text)")
        }
    }

    @Test("a send Twilio refuses for good (400, invalid number) is dead-lettered at once, without retries")
    func permanentFailureNotRetried() async throws {
        try await ChannelHarness.with(settings: ["INTAKE_REPLY_ATTEMPTS": "5", "INTAKE_REPLY_RETRY_SECONDS": "1"]) { h in
            h.provider.answerPosts((400, #"{"code":21211,"message":"The 'To' number is not a valid phone number."}"#))
            try Self.publish(Self.reply("notice:51:1", text: "Your case is closed."), with: h.probe, topics: h.intake.settings.topics)
            let letters = try await h.probe.waitFor("a dead letter") {
                $0.contains { $0.topic == h.intake.settings.topics.deadLetter(stage: "adapters") }
            }
            try await Task.sleep(for: .seconds(2))
            #expect(Self.sent(h.provider).count == 1)
            let letter = try #require(letters.first { $0.topic == h.intake.settings.topics.deadLetter(stage: "adapters") })
            #expect(String(decoding: letter.payload, as: UTF8.self).contains("refused for good"))
        }
    }

    @Test("Twilio's 21610 (the number unsubscribed elsewhere) is dead-lettered at once, and the number is sent nothing more")
    func unsubscribedAtTwilio() async throws {
        try await ChannelHarness.with { h in
            let topics = h.intake.settings.topics
            h.provider.answerPosts((400, #"{"code":21610,"message":"Attempt to send to unsubscribed recipient"}"#))
            try Self.publish(Self.reply("notice:52:1", text: "Your case is in progress."), with: h.probe, topics: topics)
            _ = try await h.probe.waitFor("a dead letter") { $0.contains { $0.topic == topics.deadLetter(stage: "adapters") } }
            #expect(Self.sent(h.provider).count == 1)
            h.provider.answerPosts(nil)
            try Self.publish(Self.reply("notice:52:2", text: "Your case is closed."), with: h.probe, topics: topics)
            try Self.publish(Self.reply("notice:52:3", to: "+15205550998", text: "Another resident's notice"), with: h.probe, topics: topics)
            _ = try await h.provider.waitFor { _ in Self.sent(h.provider).count >= 2 }
            try await Task.sleep(for: .milliseconds(500))
            #expect(Self.sent(h.provider).filter { $0.contains(Self.form(Self.resident)) }.count == 1)
        }
    }

    @Test("STOP: no contact, nothing sent to the number after it (callers' notices included); START: sent again")
    func stopAndStart() async throws {
        try await ChannelHarness.with(settings: ["INTAKE_ACK_WAIT_MS": "0"]) { h in
            let topics = h.intake.settings.topics
            let stop = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: "STOP", from: Self.resident))
            #expect(stop.status == 200)
            #expect(!stop.body.contains("<Message>"), "\(stop.body)")
            let optOuts = try String(contentsOfFile: "\(h.intake.settings.dataDirectory)/sms/opt-outs.json", encoding: .utf8)
            #expect(optOuts.contains(Self.resident))

            let suppressedBefore = try await Self.metric("intake_replies_suppressed_total", containing: #"channel="sms""#, at: h.intake.baseURL)
            // A notice for the caller of a phone report goes out as reply/sms too.
            try Self.publish(Self.reply("notice:60:1", text: "Your case TUC-2026-000123 is closed."), with: h.probe, topics: topics)
            try Self.publish(Self.reply("notice:60:2", to: "+15205550999", text: "Someone else's notice"), with: h.probe, topics: topics)
            _ = try await h.provider.waitFor { _ in Self.sent(h.provider).count >= 1 }
            try await Self.eventually {
                try await Self.metric("intake_replies_suppressed_total", containing: #"channel="sms""#, at: h.intake.baseURL) > suppressedBefore
            }
            #expect(!Self.sent(h.provider).contains { $0.contains(Self.form(Self.resident)) })

            let start = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: "start", from: Self.resident))
            #expect(start.status == 200)
            try Self.publish(Self.reply("notice:61:1", text: "Your case TUC-2026-000123 is in progress."), with: h.probe, topics: topics)
            _ = try await h.provider.waitFor { _ in Self.sent(h.provider).contains { $0.contains(Self.form(Self.resident)) } }
            // Neither keyword became a contact.
            try await Task.sleep(for: .milliseconds(500))
            #expect(try h.contacts(channel: "sms").isEmpty)
        }
    }

    @Test("HELP and AYUDA are answered with the help text in their language, and are not stored")
    func help() async throws {
        try await ChannelHarness.with(settings: ["INTAKE_ACK_WAIT_MS": "0"]) { h in
            let en = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: "HELP"))
            #expect(en.body.contains("<Message>City of Tucson 311: text us a problem"), "\(en.body)")
            #expect(en.body.contains("Reply STOP"))
            let es = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: "Ayuda"))
            #expect(es.body.contains("Responda PARAR"), "\(es.body)")
            try await Task.sleep(for: .milliseconds(500))
            #expect(try h.contacts(channel: "sms").isEmpty)
        }
    }

    @Test("status by SMS: the case's status, category and last note, in English and Spanish; an unknown reference; not stored")
    func statusOnRequest() async throws {
        try await ChannelHarness.with(settings: ["INTAKE_ACK_WAIT_MS": "0"]) { h in
            try await h.stack.insertCase("TUC-2026-000123", status: "in_progress", category: "pothole", note: "Crew scheduled for Thursday")
            let en = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: "status TUC-2026-000123"))
            #expect(en.body.contains("case TUC-2026-000123 (Pothole) is in progress"), "\(en.body)")
            #expect(en.body.contains("Last note: Crew scheduled for Thursday"), "\(en.body)")

            let es = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: "estado tuc2026000123"))
            #expect(es.body.contains("el caso TUC-2026-000123 (Bache) está en proceso"), "\(es.body)")
            #expect(es.body.contains("Última nota: Crew scheduled for Thursday"), "\(es.body)")

            let unknown = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: "status of TUC-2026-999999"))
            #expect(unknown.body.contains("we found no case TUC-2026-999999"), "\(unknown.body)")

            let usage = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: "status"))
            #expect(usage.body.contains("send STATUS and its number"), "\(usage.body)")
            try await Task.sleep(for: .milliseconds(500))
            #expect(try h.contacts(channel: "sms").isEmpty)
        }
    }

    // MARK: - Helpers

    /// The summed value of a Prometheus counter's samples whose labels contain `labels`.
    static func metric(_ name: String, containing labels: String, at baseURL: String) async throws -> Double {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "\(baseURL)/metrics"), timeout: .seconds(5))
        let body = String(buffer: try await response.body.collect(upTo: 1 << 22))
        return body.split(separator: "\n").filter { $0.hasPrefix(name + "{") && $0.contains(labels) }
            .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }.reduce(0, +)
    }

    static func eventually(timeout: Duration = .seconds(15), _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestSetupError("the condition did not hold within \(timeout)")
    }
}
