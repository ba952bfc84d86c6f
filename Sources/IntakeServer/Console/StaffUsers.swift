import Foundation
import HummingbirdBcrypt

/// The staff console's logins: a file of `<user> <bcrypt hash>` lines (blank lines and `#`
/// comments skipped), read at start. `intake staff add NAME` appends a line.
public struct StaffUsers: Sendable {
    public let hashes: [String: String]

    public init(hashes: [String: String]) { self.hashes = hashes }

    /// A missing file is no users (nobody can log in), not an error.
    public static func load(path: String) throws -> StaffUsers {
        guard FileManager.default.fileExists(atPath: path) else { return StaffUsers(hashes: [:]) }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var hashes: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let parts = trimmed.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            hashes[parts[0]] = parts[1].trimmingCharacters(in: .whitespaces)
        }
        return StaffUsers(hashes: hashes)
    }

    /// True when `user` exists and `password` matches its hash. An unknown user still costs a
    /// bcrypt verification, so timing does not tell which users exist.
    public func verify(user: String, password: String) -> Bool {
        guard let hash = hashes[user] else {
            _ = Bcrypt.verify(password, hash: Self.decoy)
            return false
        }
        return Bcrypt.verify(password, hash: hash)
    }

    /// User names are one word of letters, digits, `.`, `_` or `-`.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
    }

    /// Appends `user` with the bcrypt hash of `password` (replacing nothing: the last line for a
    /// user wins when the file is read). The file is created 0600.
    public static func add(user: String, password: String, path: String, cost: UInt8 = 12) throws {
        guard isValidName(user) else { throw StaffUsersError("a user name is letters, digits, '.', '_' or '-'") }
        guard password.count >= 8 else { throw StaffUsersError("a password has at least 8 characters") }
        let line = "\(user) \(Bcrypt.hash(password, cost: cost))\n"
        let fm = FileManager.default
        try fm.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        if !fm.fileExists(atPath: path) {
            guard fm.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw StaffUsersError("could not create \(path)")
            }
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(line.utf8))
    }

    /// A hash of a password nobody has (cost 12, as real ones).
    static let decoy = Bcrypt.hash("not a staff password", cost: 12)
}

public struct StaffUsersError: Error, CustomStringConvertible {
    public let description: String
    init(_ d: String) { description = d }
}
