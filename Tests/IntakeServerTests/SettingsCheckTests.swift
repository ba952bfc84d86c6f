import Foundation
import IntakeCore
import IntakeServer
import Testing

@Suite("intake config check and show")
struct SettingsCheckTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let good = [
        "INTAKE_TEMPLATES_DIR": "\(repository)/Templates",
        "INTAKE_TRIAGE_RULES": "\(repository)/Docker/config/triage-rules.yaml",
    ]

    @Test("good settings pass, and the report says which channels are on")
    func passes() async throws {
        var values = Self.good
        values["INTAKE_TWILIO_AUTH_TOKEN"] = "t0ken"
        let check = await SettingsCheck(values: SettingsValues(values))
        #expect(check.problems.isEmpty)
        #expect(check.checkReport().contains("channels on: sms, voice"))
        #expect(check.checkReport().contains("settings: ok"))
    }

    @Test("every problem is named at once: the setting, its value, what was expected and the fix")
    func namesEveryProblem() async throws {
        var values = Self.good
        values["INTAKE_HTTP_ADDRESS"] = "localhost"
        values["INTAKE_ACK_WAIT_MS"] = "soon"
        values["INTAKE_TWILIO_AUTH_TOKEN"] = "t0ken"
        values["INTAKE_TWILIO_API_URL"] = "ftp://twilio"
        values["INTAKE_911_NUMBER"] = "nine-one-one"
        values["INTAKE_GEO_DIR"] = "/nonexistent/geo"
        values["INTAKE_TRIAGE_RULES"] = "/nonexistent/rules.yaml"
        let check = await SettingsCheck(values: SettingsValues(values))
        #expect(Set(check.problems.map(\.key)) == [
            "INTAKE_HTTP_ADDRESS", "INTAKE_ACK_WAIT_MS", "INTAKE_TWILIO_API_URL", "INTAKE_911_NUMBER", "INTAKE_GEO_DIR", "INTAKE_TRIAGE_RULES",
        ])
        let report = check.checkReport()
        #expect(report.contains("6 problems"))
        #expect(report.contains("INTAKE_ACK_WAIT_MS: 'soon' — expected a whole number ≥ 0"))
        #expect(check.problems.allSatisfy { !$0.fix.isEmpty && !$0.expected.isEmpty })
    }

    @Test("a channel's missing templates are a problem of INTAKE_TEMPLATES_DIR")
    func missingTemplates() async throws {
        let dir = NSTemporaryDirectory() + "templates-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: "\(dir)/sms", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var values = Self.good
        values["INTAKE_TEMPLATES_DIR"] = dir
        values["INTAKE_CHANNELS"] = "sms"
        values["INTAKE_TWILIO_AUTH_TOKEN"] = "t0ken"
        let check = await SettingsCheck(values: SettingsValues(values))
        #expect(check.problems.map(\.key) == ["INTAKE_TEMPLATES_DIR"])
        #expect(check.problems.first?.expected.contains("sms") == true)
    }

    @Test("show prints every setting with its source and masks secrets and URL passwords")
    func showMasks() async throws {
        let file = SettingsValues(["INTAKE_MQTT_URL": "mqtt://adapters:broker-pass@127.0.0.1:1883"], source: .file("/etc/intake.env"))
        var env = Self.good
        env["INTAKE_TWILIO_AUTH_TOKEN"] = "very-secret-token"
        env["INTAKE_DATABASE_URL"] = "postgres://writer:db-pass@127.0.0.1:5432/intake"
        let report = await SettingsCheck(values: file.overlaid(by: SettingsValues(env))).showReport()
        for secret in ["very-secret-token", "broker-pass", "db-pass"] { #expect(!report.contains(secret)) }
        #expect(report.contains("mqtt://adapters:***@127.0.0.1:1883   (/etc/intake.env)"))
        #expect(report.contains("postgres://writer:***@127.0.0.1:5432/intake   (environment)"))
        #expect(report.contains("INTAKE_911_NUMBER"))
        #expect(report.contains("default: 911"))
    }

    @Test("an INTAKE_ key nothing reads is pointed out")
    func unknownKey() async throws {
        var values = Self.good
        values["INTAKE_TWILIO_TOKEN"] = "x"
        let check = await SettingsCheck(values: SettingsValues(values))
        #expect(check.unknownKeys == ["INTAKE_TWILIO_TOKEN"])
        #expect(check.checkReport().contains("warning: INTAKE_TWILIO_TOKEN is not a setting intake reads"))
    }
}
