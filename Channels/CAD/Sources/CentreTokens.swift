import Crypto
import Foundation
public import IntakeChannel

/// The bearer tokens of the 911 centre, kept as SHA-256 hashes (one lowercase hex digest a line,
/// optionally followed by a label; `#` starts a comment), so the file never holds a usable token.
/// A request's token is hashed and compared with every hash in constant time.
public struct CentreTokens: Sendable {
    public struct Entry: Sendable, Equatable {
        public var hash: String
        public var label: String
    }

    public let entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// Reads the tokens file; lines that are not a 64-digit hex hash are refused.
    public init(path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var entries: [Entry] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            let parts = line.split(whereSeparator: \.isWhitespace).map(String.init)
            guard let hash = parts.first else { continue }
            guard hash.count == 64, hash.allSatisfy(\.isHexDigit) else {
                throw CentreTokensError.badLine(path: path, line: n + 1)
            }
            entries.append(Entry(hash: hash.lowercased(), label: parts.dropFirst().joined(separator: " ").nonEmpty ?? "911 centre"))
        }
        self.init(entries: entries)
    }

    /// The lowercase hex SHA-256 of a token: what a line of the tokens file holds.
    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Array(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The label of the token in an `Authorization: Bearer …` header, or nil when it is not one of ours.
    public func verify(authorization: String?) -> String? {
        guard let authorization, authorization.lowercased().hasPrefix("bearer ") else { return nil }
        let token = authorization.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty else { return nil }
        let presented = Self.hash(token)
        var found: String?
        // Every entry is compared, so the time taken does not say which one matched.
        for e in entries where ConstantTime.equals(presented, e.hash) && found == nil {
            found = e.label
        }
        return found
    }
}

public enum CentreTokensError: Error, CustomStringConvertible {
    case badLine(path: String, line: Int)

    public var description: String {
        switch self {
        case .badLine(let path, let line): "\(path) line \(line): expected a SHA-256 hex digest (intake cad token prints one)"
        }
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
