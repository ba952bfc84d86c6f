import IntakeChannel
import IntakeCore
import IntakeServer
import Testing

@Suite("Channel selection")
struct ChannelSelectionTests {
    static func select(_ values: [String: String]) throws -> ChannelSelection {
        ChannelSelection(factories: ChannelRegistry.factories, settings: try IntakeSettings(values: values))
    }

    @Test("with no channel settings every channel is off, says why, and nothing is wrong")
    func noneConfigured() throws {
        let s = try Self.select([:])
        #expect(s.on.isEmpty)
        #expect(s.problems.isEmpty)
        #expect(s.off.map(\.name).sorted() == ["chat", "sms", "voice"])
        #expect(s.off.filter { $0.name != "chat" }.allSatisfy { $0.reason == "INTAKE_TWILIO_AUTH_TOKEN is not set" })
        #expect(s.off.first { $0.name == "chat" }?.reason == "INTAKE_CHAT_ENABLED is not set")
    }

    @Test("a channel whose settings are present is on")
    func configured() throws {
        let s = try Self.select(["INTAKE_TWILIO_AUTH_TOKEN": "t0ken", "INTAKE_CHAT_ENABLED": "on"])
        #expect(s.on.map(\.factory.name).sorted() == ["chat", "sms", "voice"])
        #expect(s.off.isEmpty)
    }

    @Test("INTAKE_CHANNELS runs exactly the channels it names")
    func explicit() throws {
        let s = try Self.select(["INTAKE_TWILIO_AUTH_TOKEN": "t0ken", "INTAKE_CHANNELS": "voice"])
        #expect(s.on.map(\.factory.name) == ["voice"])
        #expect(s.off.map(\.name) == ["sms", "chat"])
        #expect(s.off.allSatisfy { $0.reason == "not in INTAKE_CHANNELS" })
    }

    @Test("a channel named without its settings is a problem that names the missing setting and the fix")
    func namedWithoutSettings() throws {
        let s = try Self.select(["INTAKE_CHANNELS": "sms"])
        #expect(s.on.isEmpty)
        let p = try #require(s.problems.first)
        #expect(s.problems.count == 1)
        #expect(p.key == "INTAKE_TWILIO_AUTH_TOKEN")
        #expect(p.value == nil)
        #expect(p.fix.contains("auth token"))
        #expect(p.description.contains("INTAKE_TWILIO_AUTH_TOKEN is not set"))
    }

    @Test("a channel this build does not have is a problem naming the known ones")
    func unknownChannel() throws {
        let s = try Self.select(["INTAKE_TWILIO_AUTH_TOKEN": "t0ken", "INTAKE_CHANNELS": "sms, pigeon"])
        #expect(s.on.map(\.factory.name) == ["sms"])
        let p = try #require(s.problems.first)
        #expect(p.key == "INTAKE_CHANNELS")
        #expect(p.expected.contains("sms") && p.expected.contains("voice"))
        #expect(p.fix.contains("pigeon"))
    }

    @Test("a bad value read by two channels is reported once")
    func sharedSettingReportedOnce() throws {
        let s = try Self.select(["INTAKE_TWILIO_AUTH_TOKEN": "t0ken", "INTAKE_TWILIO_SIGNATURES": "maybe"])
        #expect(s.problems.map(\.key) == ["INTAKE_TWILIO_SIGNATURES"])
        #expect(s.problems.first?.expected == "on or off")
    }

    @Test("signatures explicitly off turn the Twilio channels on without a token (local demos)")
    func signaturesOff() throws {
        let s = try Self.select(["INTAKE_TWILIO_SIGNATURES": "off"])
        #expect(s.on.map(\.factory.name).sorted() == ["sms", "voice"])
    }
}
