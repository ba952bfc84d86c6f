import Foundation
import IntakeCore

/// Where the repository and the shared test data are.
public enum Paths {
    /// The repository root (this file is Tests/IntakeTestSupport/Paths.swift).
    public static let repository: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }()

    public static var stackScript: String { "\(repository)/Docker/stack.sh" }
    public static var templates: String { "\(repository)/Templates" }
    public static var triageRules: String { "\(repository)/Docker/config/triage-rules.yaml" }
    public static var answers: String { "\(repository)/Docker/config/answers.yaml" }
    /// Made-up Tucson address points (see the fixture's README).
    public static var tucsonGazetteer: String { "\(repository)/Tests/IntakeLocateTests/Fixtures/tucson_made_up_address_points.csv" }

    /// Settings that give the enrich stage a gazetteer and the Tucson boundaries.
    public static func geoSettings() throws -> [String: String] {
        ["INTAKE_GAZETTEER": tucsonGazetteer, "INTAKE_GEO_DIR": "\(try sharedData())/geo/tucson"]
    }

    /// The shared public test data: `$INTAKE_SHARED_DATA`, else `../shared/data` and its usual
    /// places. Tests that need it fail (never skip) when it is missing.
    public static func sharedData() throws -> String {
        let env = ProcessInfo.processInfo.environment["INTAKE_SHARED_DATA"]
        let candidates = [env, "\(repository)/../shared/data", "\(repository)/../../shared/data", "/work/shared/data"].compactMap { $0 }
        for c in candidates where FileManager.default.fileExists(atPath: "\(c)/README.md") {
            return URL(fileURLWithPath: c).standardizedFileURL.path
        }
        throw TestSetupError("the shared test data was not found in \(candidates.joined(separator: ", ")); set INTAKE_SHARED_DATA")
    }

    /// A Python with twilio, paho-mqtt and jsonschema: `$INTAKE_PYTHON`, else the venv the test
    /// command makes (`.intake/venv`).
    public static func python() throws -> String {
        let candidates = [ProcessInfo.processInfo.environment["INTAKE_PYTHON"], "\(repository)/.intake/venv/bin/python"].compactMap { $0 }
        for c in candidates where FileManager.default.isExecutableFile(atPath: c) { return c }
        throw TestSetupError("no Python with the test clients: run Docker/test.sh (it makes .intake/venv) or set INTAKE_PYTHON")
    }

    /// A fresh directory in this test process's own temporary folder (removed when the process
    /// exits), readable by the `postgres` user when the tests run as root.
    public static func temporaryDirectory(_ label: String) throws -> String {
        let path = "\(try processDirectory.get())/\(label)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        return path
    }

    /// `intake-test-…` under the system temp folder, one per test process. Registered for removal
    /// first, so that it is removed last: after the shared cluster inside it has stopped.
    private static let processDirectory = Result<String, any Error> {
        let path = "\(NSTemporaryDirectory())intake-test-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        directoryToRemove.withLock { $0 = path }
        atexit {
            if let path = directoryToRemove.withLock({ $0 }) { _ = try? ChildProcess.run("/bin/rm", ["-rf", path]) }
        }
        return path
    }
}

private let directoryToRemove = Locked<String?>(nil)

public struct TestSetupError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
