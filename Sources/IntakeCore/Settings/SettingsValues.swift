public import Foundation

/// The raw `INTAKE_*` values of a process: the environment over the config file, with where each
/// came from. Each part of the program reads its own keys from here with a `SettingsReader`.
public struct SettingsValues: Sendable {
    public enum Source: Sendable, Equatable, CustomStringConvertible {
        case environment
        case file(String)

        public var description: String {
            switch self {
            case .environment: "environment"
            case .file(let path): path
            }
        }
    }

    public private(set) var values: [String: String]
    public private(set) var sources: [String: Source]

    public init(_ values: [String: String], source: Source = .environment) {
        self.values = values
        self.sources = values.mapValues { _ in source }
    }

    /// The value of `key`, trimmed; nil when unset or blank.
    public subscript(key: String) -> String? {
        guard let v = values[key]?.trimmingCharacters(in: .whitespaces), !v.isEmpty else { return nil }
        return v
    }

    /// `other`'s values win over these.
    public func overlaid(by other: SettingsValues) -> SettingsValues {
        var out = self
        out.values.merge(other.values) { _, new in new }
        out.sources.merge(other.sources) { _, new in new }
        return out
    }

    /// The environment over the config file: `--config FILE`, else `$INTAKE_CONFIG`, else
    /// `$INTAKE_DATA_DIR/stack.env` when the dev stack (`Docker/stack.sh up`) has written one.
    public static func load(
        configFile: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(SettingsError) -> SettingsValues {
        let env = SettingsValues(environment.filter { $0.key.hasPrefix("INTAKE_") })
        let dataDir = environment["INTAKE_DATA_DIR"] ?? "./.intake"
        let explicit = configFile ?? environment["INTAKE_CONFIG"]
        let path = explicit ?? "\(dataDir)/stack.env"
        if FileManager.default.fileExists(atPath: path) {
            return SettingsValues(try ConfigFile.read(path: path), source: .file(path)).overlaid(by: env)
        } else if let explicit {
            throw .unreadableFile(path: explicit, reason: "no such file")
        }
        return env
    }
}
