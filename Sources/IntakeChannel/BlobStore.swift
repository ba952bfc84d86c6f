import Crypto
import Foundation

/// Attachment bytes, stored once under their SHA-256 (`blobs/ab/abcdef…`), byte-exact.
///
/// Bus messages carry only the hash; a file is written durably (`DurableFile`), so a blob either
/// exists whole or not at all, and storing it twice is harmless.
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
        do {
            try DurableFile.replace(path, with: bytes)
        } catch {
            throw BlobError.io("\(error)", 0)
        }
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
        case let .io(what, 0): "blob store: \(what)"
        case let .io(what, code): "blob store: \(what) failed: \(String(cString: strerror(code)))"
        }
    }
}
