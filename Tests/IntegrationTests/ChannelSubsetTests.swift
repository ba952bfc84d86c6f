import AsyncHTTPClient
import Foundation
import IntakeCore
import IntakeTestSupport
import Testing

/// Any set of channels runs, none included, and a channel asked for without its settings stops
/// the process with the setting's name.
@Suite("Channel subsets")
struct ChannelSubsetTests {
    static func environment(_ extra: [String: String]) throws -> [String: String] {
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("INTAKE_") }
        env["INTAKE_DATA_DIR"] = try Paths.temporaryDirectory("subset")
        env["INTAKE_TEMPLATES_DIR"] = Paths.templates
        env["INTAKE_TRIAGE_RULES"] = Paths.triageRules
        env.merge(extra) { _, e in e }
        return env
    }

    @Test("intake run with no channel configured runs enrich and writer only, and says once why each channel is off")
    func noChannels() async throws {
        try await TestStack.with { stack in
            let intake = try await IntakeProcess.start("run", stack: stack, environment: ["INTAKE_TWILIO_AUTH_TOKEN": ""])
            let health = try await HTTPClient.shared.execute(HTTPClientRequest(url: "\(intake.baseURL)/health"), timeout: .seconds(5))
            let body = String(buffer: try await health.body.collect(upTo: 1 << 16))
            #expect(body.contains("enrich") && body.contains("writer"))
            #expect(!body.contains("adapters"))
            var sms = HTTPClientRequest(url: "\(intake.baseURL)/twilio/sms")
            sms.method = .POST
            #expect(try await HTTPClient.shared.execute(sms, timeout: .seconds(5)).status == .notFound)
            let log = intake.log
            #expect(log.components(separatedBy: "channel sms: off (INTAKE_TWILIO_AUTH_TOKEN is not set)").count == 2)
            #expect(log.components(separatedBy: "channel voice: off (INTAKE_TWILIO_AUTH_TOKEN is not set)").count == 2)
            #expect(await intake.terminate() == 0)
        }
    }

    @Test("INTAKE_CHANNELS=voice runs the voice channel alone")
    func voiceAlone() async throws {
        try await TestStack.with { stack in
            let intake = try await IntakeProcess.start("run", stack: stack, environment: ["INTAKE_CHANNELS": "voice"])
            var sms = HTTPClientRequest(url: "\(intake.baseURL)/twilio/sms")
            sms.method = .POST
            #expect(try await HTTPClient.shared.execute(sms, timeout: .seconds(5)).status == .notFound)
            let voice = try await TestTwilio.post("\(intake.baseURL)/twilio/voice", parameters: [("CallSid", "CA" + String(repeating: "a", count: 32))],
                                                  signature: nil)
            #expect(voice.status == 200)
            #expect(intake.log.contains("channel sms: off (not in INTAKE_CHANNELS)"))
            #expect(await intake.terminate() == 0)
        }
    }

    @Test("a channel named in INTAKE_CHANNELS without its settings stops intake at start, naming the setting")
    func namedWithoutSettings() async throws {
        do {
            try await Shell.run(try IntakeProcess.executable(), ["run"],
                                environment: try Self.environment(["INTAKE_CHANNELS": "sms"]))
            Issue.record("intake started without the SMS channel's settings")
        } catch let failure as Shell.Failure {
            #expect(failure.status != 0)
            #expect(failure.output.contains("INTAKE_TWILIO_AUTH_TOKEN is not set"))
            #expect(failure.output.contains("INTAKE_CHANNELS names sms"))
        }
    }

    @Test("intake config check exits 1 naming each problem, and 0 when the settings are good")
    func configCheck() async throws {
        let intake = try IntakeProcess.executable()
        do {
            try await Shell.run(intake, ["config", "check"],
                                environment: try Self.environment(["INTAKE_ACK_WAIT_MS": "soon", "INTAKE_CHANNELS": "sms"]))
            Issue.record("config check passed bad settings")
        } catch let failure as Shell.Failure {
            #expect(failure.status == 1)
            #expect(failure.output.contains("2 problems"))
            #expect(failure.output.contains("INTAKE_ACK_WAIT_MS: 'soon'"))
            #expect(failure.output.contains("INTAKE_TWILIO_AUTH_TOKEN: not set"))
            #expect(failure.output.contains("fix: set INTAKE_TWILIO_AUTH_TOKEN"))
        }
        let ok = try await Shell.run(intake, ["config", "check"], environment: try Self.environment(["INTAKE_TWILIO_AUTH_TOKEN": "t0ken-\(UUID())"]))
        #expect(ok.contains("channels on: sms, voice"))
        let shown = try await Shell.run(intake, ["config", "show"], environment: try Self.environment(["INTAKE_TWILIO_AUTH_TOKEN": "t0ken-secret-value"]))
        #expect(shown.contains("INTAKE_TWILIO_AUTH_TOKEN"))
        #expect(!shown.contains("t0ken-secret-value"))
    }
}
