import Crypto
import Foundation

/// Attachment bytes, stored once under their SHA-256 (`blobs/ab/abcdef…`), byte-exact.
///
/// Bus messages carry only the hash; a file is written to a temporary name, fsync'd and renamed,
/// so a blob either exists whole or not at all, and storing it twice is harmless.
public struct BlobStore: Sendable {
    public let directory: String

    public init(directory: String) throws {
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// Stores `bytes` and returns their lowercase hex SHA-256.
    @discardableResult
    public func store(_ bytes: [UInt8]) throws -> String {
        let hash = Self.sha256(bytes)
        let path = self.path(for: hash)
        if FileManager.default.fileExists(atPath: path) { return hash }
        let dir = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let temp = "\(path).\(UUID().uuidString).tmp"
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw BlobError.io("create \(temp)", errno) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else {
                let e = errno
                close(fd)
                unlink(temp)
                throw BlobError.io("write \(temp)", e)
            }
            offset += n
        }
        guard fsync(fd) == 0 else {
            let e = errno
            close(fd)
            unlink(temp)
            throw BlobError.io("fsync \(temp)", e)
        }
        close(fd)
        guard rename(temp, path) == 0 else { throw BlobError.io("rename \(temp)", errno) }
        return hash
    }

    public func load(_ sha256: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path(for: sha256)).map { [UInt8]($0) }
    }

    public func path(for sha256: String) -> String {
        "\(directory)/\(sha256.prefix(2))/\(sha256)"
    }

    public static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }
}

public enum BlobError: Error, CustomStringConvertible {
    case io(String, Int32)
    public var description: String {
        switch self {
        case let .io(what, code): "blob store: \(what) failed: \(String(cString: strerror(code)))"
        }
    }
}
