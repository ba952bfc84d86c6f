import Crypto
public import Foundation

/// The bearer tokens of the API's callers (the 911 centre, the city's departments), from a file in
/// the secrets directory that holds only their SHA-256 hashes, so the file never holds a usable
/// token. One line per token: its hash (64 hex digits) and the caller's name, in either order
/// (`<sha256> <name>` or `<name> <sha256>`; a name may have spaces); `#` starts a comment.
///
///     # printf %s "$token" | sha256sum
///     9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 Tucson Water
///
/// A presented token is hashed and compared with every hash in constant time, whatever matches.
public struct BearerTokens: Sendable {
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var sha256: [UInt8]
    }

    public let entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// Parses the file's text; a malformed line is an error naming it (a typo must not lock a
    /// caller out silently). A line with a hash and no name is named `defaultName`.
    public init(text: String, path: String = "tokens file", defaultName: String) throws {
        var entries: [Entry] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let words = line.split(whereSeparator: \.isWhitespace).map(String.init)
            if words.isEmpty { continue }
            let hashes = words.indices.filter { words[$0].count == 64 && words[$0].allSatisfy(\.isHexDigit) }
            guard hashes.count == 1, let hash = Self.bytes(hex: words[hashes[0]].lowercased()) else {
                throw BearerTokensError(path: path, line: n + 1)
            }
            var rest = words
            rest.remove(at: hashes[0])
            entries.append(Entry(name: rest.isEmpty ? defaultName : rest.joined(separator: " "), sha256: hash))
        }
        self.entries = entries
    }

    public static func load(path: String, defaultName: String) throws -> BearerTokens {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BearerTokensError(path: path, line: nil)
        }
        return try BearerTokens(text: String(decoding: data, as: UTF8.self), path: path, defaultName: defaultName)
    }

    /// The name of the caller whose token this is, or nil.
    public func name(forToken token: String) -> String? {
        let presented = Array(SHA256.hash(data: Array(token.utf8)))
        var found: String?
        // Every entry is compared, so the time taken does not say which one matched.
        for e in entries where ConstantTime.equals(presented, e.sha256) && found == nil {
            found = e.name
        }
        return found
    }

    /// The caller named by an `Authorization: Bearer …` header, or nil when it is not one of ours.
    public func name(forAuthorization authorization: String?) -> String? {
        guard let authorization, authorization.lowercased().hasPrefix("bearer ") else { return nil }
        let token = authorization.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : name(forToken: token)
    }

    /// The lowercase hex SHA-256 of a token.
    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Array(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The line to put in the file for `token`.
    public static func line(name: String, token: String) -> String {
        "\(hash(token)) \(name)"
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

public struct BearerTokensError: Error, CustomStringConvertible {
    public var path: String
    /// The malformed line, or nil when the file could not be read.
    public var line: Int?

    public var description: String {
        guard let line else { return "\(path) is not readable" }
        return "\(path) line \(line): expected a token's SHA-256 (64 hex digits) and a name; make one with printf %s \"$token\" | sha256sum"
    }
}
