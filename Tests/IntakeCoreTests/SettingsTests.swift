import Foundation
import IntakeCore
import Testing

@Suite("Settings")
struct SettingsTests {
    @Test("defaults are the documented ones")
    func defaults() throws {
        let s = try IntakeSettings(values: [:])
        #expect(s.httpHost == "127.0.0.1" && s.httpPort == 8311)
        #expect(s.publicURL == "http://127.0.0.1:8311")
        #expect(s.topics.prefix == "311/v1")
        #expect(s.dataDirectory == "./.intake")
        #expect(s.caseReferencePrefix == "TUC")
        #expect(s.channels == nil)
        #expect(s.acknowledgementWait == .milliseconds(3000))
        #expect(s.houseNumberHyphen == .range)
    }

    @Test("a hyphen in a house number is a range unless the city says queens")
    func houseNumberHyphen() throws {
        #expect(try IntakeSettings(values: ["INTAKE_HOUSE_NUMBER_HYPHEN": "queens"]).houseNumberHyphen == .queens)
        #expect(try IntakeSettings(values: ["INTAKE_HOUSE_NUMBER_HYPHEN": "Range"]).houseNumberHyphen == .range)
        #expect(IntakeSettings.keys.contains("INTAKE_HOUSE_NUMBER_HYPHEN"))
    }

    @Test("MQTT URLs carry user, password, port and TLS")
    func mqttURL() throws {
        let e = try MQTTEndpoint(url: "mqtts://writer:s%40cret@broker.example:8884")
        #expect(e.host == "broker.example" && e.port == 8884 && e.tls)
        #expect(e.username == "writer" && e.password == "s@cret")
        #expect(!e.description.contains("cret"))
        #expect(try MQTTEndpoint(url: "mqtt://127.0.0.1").port == 1883)
        #expect(throws: SettingsError.self) { try MQTTEndpoint(url: "http://127.0.0.1") }
    }

    @Test("bad values are refused with the key named", arguments: [
        ["INTAKE_HTTP_ADDRESS": "localhost"],
        ["INTAKE_CASE_PREFIX": "T1"],
        ["INTAKE_ACK_WAIT_MS": "-5"],
        ["INTAKE_LOG_LEVEL": "chatty"],
        ["INTAKE_PUBLIC_URL": "ftp://x"],
        ["INTAKE_TIME_ZONE": "Mars/Olympus"],
        ["INTAKE_HOUSE_NUMBER_HYPHEN": "sometimes"],
    ])
    func invalid(values: [String: String]) {
        do {
            _ = try IntakeSettings(values: values)
            Issue.record("accepted \(values)")
        } catch {
            #expect(error.description.contains(values.keys.first!))
        }
    }

    @Test("the environment wins over the config file")
    func layering() throws {
        let dir = NSTemporaryDirectory() + "settings-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let file = "\(dir)/intake.env"
        try """
        # a comment
        INTAKE_CASE_PREFIX=PIMA
        export INTAKE_HTTP_ADDRESS="0.0.0.0:9000"
        INTAKE_TOPIC_PREFIX='city/311'
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let s = try IntakeSettings.load(configFile: file, environment: ["INTAKE_CASE_PREFIX": "tuc", "PATH": "/bin"])
        #expect(s.caseReferencePrefix == "TUC")
        #expect(s.httpPort == 9000)
        #expect(s.topics.prefix == "city/311")
        #expect(throws: SettingsError.self) { try IntakeSettings.load(configFile: "\(dir)/missing.env", environment: [:]) }
        #expect(throws: SettingsError.self) { try ConfigFile.parse("NOT A SETTING") }
    }
}
