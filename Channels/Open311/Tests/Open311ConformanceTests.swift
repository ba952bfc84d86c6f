import Foundation
import IntakeCore
import IntakeTestSupport
import Testing

/// The API against what others read: a client written from the GeoReport v2 spec alone, and
/// schemathesis against the OpenAPI document the routes are generated from.
@Suite("Open311 conformance")
struct Open311ConformanceTests {
    static var clientScript: String {
        get throws {
            try #require(Bundle.module.path(forResource: "open311_client", ofType: "py", inDirectory: "Client"))
        }
    }

    static var openAPIDocument: String { "\(Paths.repository)/Channels/Open311/Sources/openapi.yaml" }

    @Test("a client written against the spec discovers services, creates a request and reads it back")
    func specClient() async throws {
        try await Open311TestClient.with { _, api in
            let output: String
            do {
                output = try await Shell.run(try Paths.python(), [try Self.clientScript, api.baseURL, Open311TestClient.apiKey])
            } catch let f as Shell.Failure {
                Issue.record("the spec client failed:\n\(f.output)")
                return
            }
            print(output)
            #expect(output.contains("PASS the request has a service_request_id"))
            #expect(!output.contains("FAIL"), "\(output)")
            #expect(output.contains("\n0 failed"))
        }
    }

    @Test("schemathesis: every check against the running server and its OpenAPI document passes")
    func schemathesis() async throws {
        try await Open311TestClient.with { _, api in
            let python = try Paths.python()
            let bin = URL(fileURLWithPath: python).deletingLastPathComponent().path
            let base = String(api.baseURL.dropLast("/open311/v2".count))
            let config = try #require(Bundle.module.path(forResource: "schemathesis", ofType: "toml", inDirectory: "Client"))
            // Examples per operation and a time budget keep the run under two minutes; the seed makes
            // a failure repeatable.
            let arguments = [
                "--config-file", config, "run", Self.openAPIDocument, "--url", base, "--checks", "all",
                "--max-examples", ProcessInfo.processInfo.environment["INTAKE_SCHEMATHESIS_EXAMPLES"] ?? "25",
                "--max-time", "110", "--seed", "311", "--no-color", "--workers", "1",
                // PostgreSQL text holds no NUL; the API refuses one with a 400.
                "--generation-allow-x00", "false",
                // Nothing kept between runs (and nothing written into the working tree).
                "--generation-database", "none",
            ]
            var environment = ProcessInfo.processInfo.environment
            environment["PATH"] = "\(bin):\(environment["PATH"] ?? "/usr/bin:/bin")"
            environment["OPEN311_API_KEY"] = Open311TestClient.apiKey
            let output: String
            var failed = false
            do {
                output = try await Shell.run("\(bin)/schemathesis", arguments, environment: environment)
            } catch let f as Shell.Failure {
                output = f.output
                failed = true
            }
            // The summary is printed whatever happened, so that the figures can be quoted.
            print("schemathesis output:\n\(output)")
            #expect(!failed, "schemathesis found failures (above)")
            #expect(output.contains("passed") || output.contains("PASSED"), "no summary in the output")
        }
    }
}
