/// A message's top-level header fields, unfolded, in order, still encoded (names compared without case).
public struct MailHeaders: Sendable {
    public var fields: [(name: String, value: [UInt8])]

    /// Reads the header block: everything up to the first empty line. Lines without a colon
    /// (broken mailers) are skipped rather than failing the message.
    public init(message bytes: [UInt8]) {
        fields = []
        var lines: [[UInt8]] = []
        var start = 0
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "\n") {
                var line = Array(bytes[start..<i])
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                if line.isEmpty { break }
                lines.append(line)
                start = i + 1
            }
            i += 1
        }
        if i >= bytes.count && start < bytes.count { lines.append(Array(bytes[start...])) }
        for line in lines {
            if let first = line.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
                if !fields.isEmpty { fields[fields.count - 1].value += [UInt8(ascii: " ")] + line.drop(while: { $0 == 32 || $0 == 9 }) }
                continue
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > 0 else { continue }
            let name = String(decoding: line[..<colon], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            let value = Array(line[(colon + 1)...].drop(while: { $0 == 32 || $0 == 9 }))
            fields.append((name, value))
        }
    }

    /// The first field called `name`, raw.
    public func raw(_ name: String) -> [UInt8]? {
        fields.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// The first field called `name`, RFC 2047 decoded.
    public func text(_ name: String) -> String? {
        raw(name).map { HeaderText.decode($0).trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    public func has(_ name: String) -> Bool { raw(name) != nil }

    /// Message ids (`<…>`) in a field such as References or In-Reply-To, without their brackets.
    public func messageIDs(_ name: String) -> [String] {
        guard let raw = raw(name) else { return [] }
        return Self.messageIDs(in: String(decoding: raw, as: UTF8.self))
    }

    static func messageIDs(in s: String) -> [String] {
        var ids: [String] = []
        var rest = s[...]
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            let id = rest[rest.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
            if !id.isEmpty && !id.contains(" ") { ids.append(id) }
            rest = rest[rest.index(after: close)...]
        }
        // A bare id without brackets (broken mailers).
        if ids.isEmpty, let bare = s.split(whereSeparator: { $0 == " " || $0 == "," }).first, bare.contains("@") {
            ids.append(String(bare))
        }
        return ids
    }
}

import Foundation
