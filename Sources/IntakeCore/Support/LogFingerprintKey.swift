import Foundation

/// The per-install secret that keys `Redacted`'s fingerprints (`INTAKE_LOG_FINGERPRINT_KEY`).
///
/// Kept with the install's other secrets; made on first start when missing (32 random bytes in
/// hex, mode 0600, in a directory of mode 0700). Two processes starting at once make it once: the
/// file is created exclusively, and the one that loses reads the winner's.
public enum LogFingerprintKey {
    /// Reads the key at `path`, making it first if there is none, and installs it for `Redacted`.
    public static func install(path: String) throws {
        Redacted.useKey(try loadOrCreate(path: path))
    }

    /// The key's bytes, the file made first when there is none.
    public static func loadOrCreate(path: String) throws -> [UInt8] {
        if let existing = read(path) { return existing }
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        var random = SystemRandomNumberGenerator()
        let hex = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &random)) }.joined()
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        if fd >= 0 {
            let bytes = Array(hex.utf8)
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            fsync(fd)
            close(fd)
            guard written == bytes.count else { throw KeyError(path: path, reason: "could not write it") }
            return bytes
        }
        // Another process made it meanwhile.
        if let existing = read(path) { return existing }
        throw KeyError(path: path, reason: String(cString: strerror(errno)))
    }

    /// The file's bytes without surrounding white space, or nil when it is missing or empty.
    private static func read(_ path: String) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : Array(text.utf8)
    }

    public struct KeyError: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "the log fingerprint key \(path) cannot be made: \(reason)" }
    }
}
