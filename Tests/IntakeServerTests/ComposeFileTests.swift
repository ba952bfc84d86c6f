import Foundation
import Testing
import Yams

/// `Docker/compose.yaml` runs the split stack. No Docker engine runs where the tests do, so the
/// file is read as YAML and checked: the services, their commands, replicas and health checks.
@Suite("Compose file")
struct ComposeFileTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The services, each with a YAML merge (`<<: *intake`) applied when the parser left it.
    static func services() throws -> [String: [String: Any]] {
        let text = try String(contentsOf: root.appendingPathComponent("Docker/compose.yaml"), encoding: .utf8)
        let document = try #require(try Yams.load(yaml: text) as? [String: Any])
        let services = try #require(document["services"] as? [String: Any])
        var out: [String: [String: Any]] = [:]
        for (name, value) in services {
            var service = try #require(value as? [String: Any], "service \(name) is not a mapping")
            if let base = service.removeValue(forKey: "<<") as? [String: Any] {
                service = base.merging(service) { _, own in own }
            }
            out[name] = service
        }
        return out
    }

    static func command(_ service: [String: Any]) -> [String] {
        (service["command"] as? [Any])?.map { "\($0)" } ?? []
    }

    @Test("adapters, enrich and writer are services of their own beside the broker and the database")
    func splitServices() throws {
        let services = try Self.services()
        for name in ["broker", "database", "migrate", "adapters", "enrich", "writer"] {
            #expect(services[name] != nil, "no \(name) service")
        }
        #expect(Self.command(services["adapters"] ?? [:]) == ["adapters"])
        #expect(Self.command(services["enrich"] ?? [:]) == ["enrich"])
        #expect(Self.command(services["writer"] ?? [:]) == ["writer"])
        #expect(Self.command(services["migrate"] ?? [:]) == ["migrate"])
        #expect((services["broker"]?["image"] as? String)?.hasPrefix("eclipse-mosquitto:") == true)
        #expect((services["database"]?["image"] as? String)?.hasPrefix("postgres:") == true)
        // No all-in-one `intake run` beside the split: it would take the same work twice over.
        for (name, service) in services {
            #expect(!Self.command(service).contains("run"), "\(name) runs every stage")
        }
    }

    @Test("enrich and writer run two replicas; the adapters one, its spool in a volume of its own")
    func replicas() throws {
        let services = try Self.services()
        for name in ["enrich", "writer"] {
            let deploy = services[name]?["deploy"] as? [String: Any]
            #expect(deploy?["replicas"] as? Int == 2, "\(name) replicas")
        }
        let adapters = try #require(services["adapters"])
        #expect((adapters["deploy"] as? [String: Any])?["replicas"] == nil)
        let volumes = (adapters["volumes"] as? [Any])?.map { "\($0)" } ?? []
        #expect(volumes.contains { $0.hasSuffix(":/var/lib/intake") })
    }

    @Test("each intake service has a health check on its /health, and its own broker user")
    func healthChecks() throws {
        let services = try Self.services()
        for name in ["adapters", "enrich", "writer"] {
            let service = try #require(services[name])
            let check = try #require(service["healthcheck"] as? [String: Any], "\(name) has no healthcheck")
            let test = (check["test"] as? [Any])?.map { "\($0)" } ?? []
            #expect(test.first == "CMD", "\(name): \(test)")
            #expect(test.contains { $0.hasPrefix("http://127.0.0.1:8311/health") }, "\(name): \(test)")
            #expect(check["interval"] != nil && check["retries"] != nil)
            let environment = service["environment"] as? [String: Any] ?? [:]
            let mqtt = environment["INTAKE_MQTT_URL"] as? String ?? ""
            #expect(mqtt.hasPrefix("mqtt://intake-\(name):"), "\(name) connects as \(mqtt)")
        }
        // The writer alone writes cases.
        let writerDB = (services["writer"]?["environment"] as? [String: Any])?["INTAKE_DATABASE_URL"] as? String ?? ""
        #expect(writerDB.hasPrefix("postgres://intake_writer:"))
        for name in ["adapters", "enrich"] {
            let environment = services[name]?["environment"] as? [String: Any] ?? [:]
            #expect(environment["INTAKE_DATABASE_URL"] == nil, "\(name) would write as the writer")
        }
    }

    @Test("the broker's ACL knows each user the compose file connects as")
    func brokerUsers() throws {
        let acl = try String(contentsOf: Self.root.appendingPathComponent("Docker/mosquitto/acl"), encoding: .utf8)
        let users = Set(acl.split(separator: "\n").filter { $0.hasPrefix("user ") }.map { String($0.dropFirst(5)) })
        for user in ["intake-adapters", "intake-enrich", "intake-writer"] {
            #expect(users.contains(user))
        }
    }

    @Test("the Dockerfile builds with the Swift that CI builds with")
    func dockerfileSwiftVersion() throws {
        let dockerfile = try String(contentsOf: Self.root.appendingPathComponent("Docker/Dockerfile"), encoding: .utf8)
        let from = try #require(dockerfile.split(separator: "\n").first { $0.hasPrefix("FROM swift:") })
        let image = from.dropFirst("FROM swift:".count).prefix { $0 != " " }
        let version = image.prefix { $0 != "-" }
        // CI runs Docker/test.sh with the `swift` on its PATH, the one running these tests.
        let swift = Process()
        swift.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        swift.arguments = ["swift", "--version"]
        let out = Pipe()
        swift.standardOutput = out
        swift.standardError = Pipe()
        try swift.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        swift.waitUntilExit()
        let ci = try #require(text.firstMatch(of: /Swift version (\d+\.\d+(?:\.\d+)?)/)?.1, "no version in: \(text)")
        #expect(String(version) == String(ci), "Dockerfile has swift:\(image); CI builds with \(ci)")
        #expect(image.hasSuffix("-bookworm"))
    }
}
