import Foundation

/// Finds the shared test data (`shared/data`): `INTAKE_SHARED_DATA`, else the first of
/// `../shared/data`, `../../shared/data`, `/work/shared/data` that exists.
public enum SharedDataDirectory {
    public static let candidates = ["../shared/data", "../../shared/data", "/work/shared/data"]

    public struct NotFound: Error, CustomStringConvertible {
        public init() {}

        public var description: String {
            "shared test data not found: set INTAKE_SHARED_DATA, or provide one of "
                + SharedDataDirectory.candidates.joined(separator: ", ")
                + " (relative to \(FileManager.default.currentDirectoryPath))"
        }
    }

    public static func locate() throws -> String {
        try locate(environment: ProcessInfo.processInfo.environment)
    }

    public static func locate(environment: [String: String]) throws -> String {
        if let explicit = environment["INTAKE_SHARED_DATA"], !explicit.isEmpty {
            guard isDirectory(explicit) else { throw NotFound() }
            return explicit
        }
        for c in candidates where isDirectory(c) {
            return URL(fileURLWithPath: c).standardizedFileURL.path
        }
        throw NotFound()
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }
}
