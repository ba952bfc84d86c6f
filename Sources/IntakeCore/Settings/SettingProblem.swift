/// One thing wrong with one setting, as `intake config check` prints it: the setting, the value
/// it has (nil when it is not set), what was expected, and how to put it right.
public struct SettingProblem: Sendable, Equatable, CustomStringConvertible {
    public var key: String
    public var value: String?
    public var expected: String
    public var fix: String

    public init(key: String, value: String?, expected: String, fix: String) {
        self.key = key
        self.value = value
        self.expected = expected
        self.fix = fix
    }

    public var description: String {
        let has = value.map { "\(key)=\($0) is not valid" } ?? "\(key) is not set"
        return "\(has): expected \(expected). Fix: \(fix)"
    }
}
