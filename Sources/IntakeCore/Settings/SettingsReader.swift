public import Foundation

/// Reads settings with types, and collects every problem instead of stopping at the first, so
/// that `intake config check` can name them all. `finish()` throws them together.
public struct SettingsReader: Sendable {
    public let values: SettingsValues
    public private(set) var problems: [SettingProblem] = []

    public init(_ values: SettingsValues) {
        self.values = values
    }

    public init(_ values: [String: String]) {
        self.values = SettingsValues(values)
    }

    public func string(_ key: String) -> String? { values[key] }

    public func string(_ key: String, default d: String) -> String { values[key] ?? d }

    public func isSet(_ key: String) -> Bool { values[key] != nil }

    /// Records a problem once, however many readers of the same key find it.
    public mutating func report(_ key: String, value: String?, expected: String, fix: String) {
        let p = SettingProblem(key: key, value: value, expected: expected, fix: fix)
        if !problems.contains(p) { problems.append(p) }
    }

    /// A whole number in `range`; the default, with a problem recorded, when it is not one.
    public mutating func integer(_ key: String, default d: Int, in range: ClosedRange<Int> = 0...Int.max) -> Int {
        guard let s = values[key] else { return d }
        guard let n = Int(s), range.contains(n) else {
            let bound = range.upperBound == Int.max ? "≥ \(range.lowerBound)" : "from \(range.lowerBound) to \(range.upperBound)"
            report(key, value: s, expected: "a whole number \(bound)", fix: "set \(key)=\(d) (the default) or unset it")
            return d
        }
        return n
    }

    /// `on`/`off` (also true/false, 1/0, yes/no).
    public mutating func flag(_ key: String, default d: Bool) -> Bool {
        guard let s = values[key] else { return d }
        switch s.lowercased() {
        case "on", "true", "1", "yes": return true
        case "off", "false", "0", "no": return false
        default:
            report(key, value: s, expected: "on or off", fix: "set \(key)=\(d ? "on" : "off") (the default) or unset it")
            return d
        }
    }

    /// An http(s) URL without a trailing slash.
    public mutating func httpURL(_ key: String, default d: String) -> String {
        var s = values[key] ?? d
        while s.hasSuffix("/") { s.removeLast() }
        guard let u = URL(string: s), u.scheme == "http" || u.scheme == "https", u.host != nil else {
            report(key, value: s, expected: "an http(s) URL such as https://host:port", fix: "set \(key) to the service's base URL, or unset it for \(d)")
            return d
        }
        return s
    }

    /// A file that must exist when the setting is given.
    public mutating func existingPath(_ key: String, directory: Bool = false) -> String? {
        guard let path = values[key] else { return nil }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue == directory else {
            report(key, value: path, expected: directory ? "an existing directory" : "an existing file",
                   fix: "point \(key) at the \(directory ? "directory" : "file") (relative paths start from where intake runs), or unset it")
            return path
        }
        return path
    }

    /// Throws every problem recorded, if any.
    public func finish() throws(SettingsError) {
        if !problems.isEmpty { throw .problems(problems) }
    }
}
