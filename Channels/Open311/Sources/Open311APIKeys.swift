import Foundation
import IntakeChannel
import IntakeCore

/// The clients allowed to POST requests, from the api keys file: one client per line,
/// `<api_key> <client-name> [notify-url]`; blank lines and lines starting with `#` are skipped.
/// The file lives in the secrets directory and is never committed. It is read again when it
/// changes, so a key is added or revoked without a restart.
final class Open311APIKeys: Sendable {
    struct Client: Sendable, Equatable {
        var key: String
        var name: String
        /// Where notices about this client's requests are POSTed; nil: none are sent.
        var notifyURL: String?
    }

    let path: String
    private let cache = Locked<(modified: Date?, size: Int, clients: [Client])>((nil, -1, []))

    init(path: String) {
        self.path = path
    }

    /// Parses the file's text; a line with fewer than two fields is ignored.
    static func parse(_ text: String) -> [Client] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return nil }
            let fields = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard fields.count >= 2 else { return nil }
            let url = fields.count >= 3 && (fields[2].hasPrefix("http://") || fields[2].hasPrefix("https://")) ? fields[2] : nil
            return Client(key: fields[0], name: fields[1], notifyURL: url)
        }
    }

    /// Every client in the file as it is now (empty when the file cannot be read).
    var clients: [Client] {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let modified = attributes?[.modificationDate] as? Date
        let size = (attributes?[.size] as? NSNumber)?.intValue ?? -1
        return cache.withLock { c in
            if c.modified != modified || c.size != size {
                let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
                c = (modified, size, Self.parse(text))
            }
            return c.clients
        }
    }

    /// The client whose key this is. Every key is compared, in constant time, so the answer's
    /// timing does not tell how much of a key was right.
    func client(forKey key: String) -> Client? {
        var found: Client?
        for c in clients where ConstantTime.equals(c.key, key) && found == nil {
            found = c
        }
        return found
    }

    func client(named name: String) -> Client? {
        clients.first { $0.name == name }
    }
}
