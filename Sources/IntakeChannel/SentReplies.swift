public import Foundation
import Glibc
public import IntakeCore

/// The reply ids this process's adapters have sent, kept so that a reply published twice (a relay
/// that publishes again, an event that arrives twice, a restart in between) is sent once.
///
/// Kept in an append log, `<directory>/sent.log`, one `<unix seconds> <id>` line per reply, each
/// line fsync'd before the reply counts as sent. At start the log is read, ids older than `maxAge`
/// are dropped and at most `capacity` of the newest kept, and the log is written again compacted
/// (with `DurableFile`); it is compacted again whenever it has grown to twice `capacity` lines.
///
/// A reply being sent is "in flight": a second copy arriving meanwhile is not sent alongside it.
public final class SentReplies: Sendable {
    public enum Claim: Sendable, Equatable {
        /// Not sent and not being sent: the caller sends it, then calls `sent` or `release`.
        case claimed
        case alreadySent
        case inFlight
    }

    private struct State {
        var sent: RecentIDs<Date>
        var inFlight: Set<String> = []
        var fd: Int32 = -1
        var linesInLog = 0
    }

    public static let defaultCapacity = 100_000
    public static let defaultMaxAge: TimeInterval = 30 * 86_400

    private let path: String?
    private let capacity: Int
    private let maxAge: TimeInterval
    private let state: Locked<State>

    /// - Parameter directory: where `sent.log` lives (created if missing), or nil to keep ids in memory only.
    public init(directory: String?, capacity: Int = defaultCapacity, maxAge: TimeInterval = defaultMaxAge, now: Date = Date()) throws {
        self.capacity = capacity
        self.maxAge = maxAge
        var s = State(sent: RecentIDs(capacity: capacity))
        if let directory {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let path = "\(directory)/sent.log"
            self.path = path
            for (id, at) in Self.read(path) where now.timeIntervalSince(at) <= maxAge {
                s.sent.insert(id, at)
            }
        } else {
            path = nil
        }
        state = Locked(s)
        try state.withLock { s throws in try compact(&s, now: now) }
    }

    deinit {
        state.withLock { s in if s.fd >= 0 { close(s.fd) } }
    }

    public var count: Int { state.withLock { $0.sent.count } }

    public func contains(_ id: String) -> Bool { state.withLock { $0.sent.contains(id) } }

    /// Claims `id` for sending, unless it was sent or is being sent.
    public func claim(_ id: String) -> Claim {
        state.withLock { s in
            if s.sent.contains(id) { return .alreadySent }
            if !s.inFlight.insert(id).inserted { return .inFlight }
            return .claimed
        }
    }

    /// The claimed reply went out (or will never go out: dead-lettered, suppressed): recorded
    /// durably. A failed write is thrown; the id stays known in memory.
    public func sent(_ id: String, at now: Date = Date()) throws {
        try state.withLock { s throws in
            s.inFlight.remove(id)
            s.sent.insert(id, now)
            guard path != nil else { return }
            if s.linesInLog >= 2 * capacity {
                try compact(&s, now: now)
            } else {
                try append(&s, [(id, now)])
            }
        }
    }

    /// Records replies that must never be sent, with one write and one fsync for all of them
    /// (the reference a webhook's own answer already gave: its `ref:` reply is not owed).
    public func sent(_ ids: [String], at now: Date = Date()) throws {
        guard !ids.isEmpty else { return }
        try state.withLock { s throws in
            let new = ids.filter { !s.sent.contains($0) }
            for id in new {
                s.inFlight.remove(id)
                s.sent.insert(id, now)
            }
            guard path != nil, !new.isEmpty else { return }
            if s.linesInLog >= 2 * capacity {
                try compact(&s, now: now)
            } else {
                try append(&s, new.map { ($0, now) })
            }
        }
    }

    /// The claimed reply was not sent: a later copy may be.
    public func release(_ id: String) {
        _ = state.withLock { $0.inFlight.remove(id) }
    }

    // MARK: - The log

    private func append(_ s: inout State, _ entries: [(String, Date)]) throws {
        guard let path else { return }
        if s.fd < 0 {
            s.fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
            guard s.fd >= 0 else { throw DurableFileError.io("open \(path)", errno) }
        }
        // An id with a line break could not be read back: it is kept in memory only.
        let bytes = Array(entries.filter { !$0.0.contains("\n") }.map { Self.line($0.0, $0.1) }.joined().utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(s.fd, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw DurableFileError.io("write \(path)", errno) }
            offset += n
        }
        guard fsync(s.fd) == 0 else { throw DurableFileError.io("fsync \(path)", errno) }
        s.linesInLog += entries.count
    }

    /// Rewrites the log with the ids still kept (dropping those older than `maxAge`).
    private func compact(_ s: inout State, now: Date) throws {
        guard let path else { return }
        var kept = RecentIDs<Date>(capacity: capacity)
        var lines = ""
        for (id, at) in s.sent.elements where now.timeIntervalSince(at) <= maxAge && !id.contains("\n") {
            kept.insert(id, at)
            lines += Self.line(id, at)
        }
        s.sent = kept
        try DurableFile.replace(path, with: Array(lines.utf8))
        if s.fd >= 0 { close(s.fd) }
        s.fd = -1
        s.linesInLog = kept.count
    }

    private static func line(_ id: String, _ at: Date) -> String {
        "\(Int(at.timeIntervalSince1970)) \(id)\n"
    }

    /// The log's entries, oldest first; a torn last line (a crash mid-append) is skipped.
    public static func read(_ path: String) -> [(String, Date)] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        var out: [(String, Date)] = []
        for line in data.split(separator: UInt8(ascii: "\n")) {
            guard let space = line.firstIndex(of: UInt8(ascii: " ")),
                  let seconds = Int(String(decoding: line[line.startIndex..<space], as: UTF8.self)) else { continue }
            let id = String(decoding: line[(space + 1)...], as: UTF8.self)
            guard !id.isEmpty else { continue }
            out.append((id, Date(timeIntervalSince1970: TimeInterval(seconds))))
        }
        return out
    }
}
