import Foundation

/// JSON Pointers (RFC 6901), the way a violation names the place in the message.
public enum JSONPointer {
    /// One reference token: `~` becomes `~0` and `/` becomes `~1`.
    public static func escape(_ token: String) -> String {
        guard token.contains("~") || token.contains("/") else { return token }
        return token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
