/// A documented setting: what `intake config show` lists, and what masks it when it is secret.
public struct SettingSpec: Sendable, Equatable {
    public var key: String
    /// One line: what it means.
    public var summary: String
    /// What applies when it is not set, in words ("127.0.0.1:8311", "off", "none").
    public var defaultValue: String
    /// Tokens and passwords: never printed. URLs are printed with their password masked.
    public var secret: Bool

    public init(_ key: String, _ summary: String, default defaultValue: String = "none", secret: Bool = false) {
        self.key = key
        self.summary = summary
        self.defaultValue = defaultValue
        self.secret = secret
    }

    /// The value as it may be shown: a secret as `********`, a URL's password as `***`.
    public func masked(_ value: String) -> String {
        if secret { return "********" }
        return SettingSpec.maskingPassword(in: value)
    }

    /// `scheme://user:secret@host` → `scheme://user:***@host`; anything else as it is.
    public static func maskingPassword(in value: String) -> String {
        guard let scheme = value.range(of: "://"), let at = value[scheme.upperBound...].firstIndex(of: "@") else { return value }
        let userInfo = value[scheme.upperBound..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return value }
        return String(value[..<colon]) + ":***" + String(value[at...])
    }
}
