import Crypto
import Foundation
import IntakeChannel

/// The departments' bearer tokens for `PATCH /api/v1/cases/{ref}`, from a file kept in the
/// secrets directory: one `<department> <sha256-hex-of-token>` per line (the department's name
/// may have spaces; the hash is the last word), `#` starts a comment. Only hashes are stored, and
/// a presented token's hash is compared with each in constant time.
public struct DepartmentTokens: Sendable {
    public struct Entry: Sendable, Equatable {
        public var department: String
        public var sha256: [UInt8]
    }

    public let entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// Parses the file's text; a malformed line is an error naming it (a typo must not lock a
    /// department out silently).
    public init(text: String, path: String = "department tokens") throws {
        var entries: [Entry] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let space = line.lastIndex(where: { $0 == " " || $0 == "\t" }) else {
                throw DepartmentTokensError("\(path) line \(n + 1): expected <department> <sha256-hex-of-token>")
            }
            let department = line[..<space].trimmingCharacters(in: .whitespaces)
            let hex = line[line.index(after: space)...].lowercased()
            guard !department.isEmpty, hex.count == 64, let hash = Self.bytes(hex: hex) else {
                throw DepartmentTokensError("\(path) line \(n + 1): expected <department> <sha256-hex-of-token> (64 hex digits)")
            }
            entries.append(Entry(department: department, sha256: hash))
        }
        self.entries = entries
    }

    public static func load(path: String) throws -> DepartmentTokens {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DepartmentTokensError("\(path) not readable")
        }
        return try DepartmentTokens(text: String(decoding: data, as: UTF8.self), path: path)
    }

    /// The department whose token this is, or nil. Every entry is compared, whatever matches.
    public func department(forToken token: String) -> String? {
        let hash = Array(SHA256.hash(data: Array(token.utf8)))
        var found: String?
        for e in entries where ConstantTime.equals(hash, e.sha256) && found == nil {
            found = e.department
        }
        return found
    }

    /// The line to put in the file for `token`.
    public static func line(department: String, token: String) -> String {
        "\(department) \(SHA256.hash(data: Array(token.utf8)).map { String(format: "%02x", $0) }.joined())"
    }

    static func bytes(hex: String) -> [UInt8]? {
        var out: [UInt8] = []
        var chars = hex.makeIterator()
        while let a = chars.next() {
            guard let b = chars.next(), let v = UInt8(String([a, b]), radix: 16) else { return nil }
            out.append(v)
        }
        return out
    }
}

public struct DepartmentTokensError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
