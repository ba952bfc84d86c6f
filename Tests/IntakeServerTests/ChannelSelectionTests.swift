import Foundation
import IntakeChannel
import IntakeCore
import IntakeServer
import Testing

@Suite("Channel selection")
struct ChannelSelectionTests {
    /// An empty data folder of its own: the default (./.intake) may hold a demo's secrets, such
    /// as the 911 centre's tokens file, which turns a channel on.
    static let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("selection-\(UUID().uuidString)").path

    static func select(_ values: [String: String]) throws -> ChannelSelection {
        var values = values
        if values["INTAKE_DATA_DIR"] == nil { values["INTAKE_DATA_DIR"] = dataDirectory }
        return ChannelSelection(factories: ChannelRegistry.factories, settings: try IntakeSettings(values: values))
    }

    @Test("with no channel settings every channel is off, says why, and nothing is wrong")
    func noneConfigured() throws {
        let s = try Self.select([:])
        #expect(s.on.isEmpty)
        #expect(s.problems.isEmpty)
        // Every channel of this build is off; the Twilio ones for want of the Twilio token.
        #expect(s.off.count == ChannelRegistry.factories.count)
        #expect(s.off.filter { ["sms", "voice"].contains($0.name) }.map(\.reason) == ["INTAKE_TWILIO_AUTH_TOKEN is not set", "INTAKE_TWILIO_AUTH_TOKEN is not set"])
        #expect(s.off.allSatisfy { $0.reason.hasSuffix(" is not set") })
    }

    @Test("a channel whose settings are present is on")
    func configured() throws {
        let s = try Self.select(["INTAKE_TWILIO_AUTH_TOKEN": "t0ken"])
        #expect(s.on.map(\.factory.name).sorted() == ["sms", "voice"])
        #expect(!s.off.contains { ["sms", "voice"].contains($0.name) })
    }

    @Test("INTAKE_CHANNELS runs exactly the channels it names")
    func explicit() throws {
        let s = try Self.select(["INTAKE_TWILIO_AUTH_TOKEN": "t0ken", "INTAKE_CHANNELS": "voice"])
        #expect(s.on.map(\.factory.name) == ["voice"])
        #expect(s.off.filter { $0.reason == "not in INTAKE_CHANNELS" }.map(\.name).contains("sms"))
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
