public import Foundation
public import IntakeCore

/// The questions a channel has asked residents and is waiting to hear back on, by the resident's
/// address (a phone number): "Reply 1 for pothole, …" or "Did you mean 220 E 5th St?". The next
/// message from that address is read as the answer if it is one.
///
/// Kept in a journal file, so that a restart between question and answer does not turn "1" into a
/// report of its own: each change is one JSON line appended (a question asked, or an address
/// done with), so a change costs the same however many questions are waiting, and no webhook
/// waits for an fsync. The journal is rewritten whole (`DurableFile`) when it has grown to twice
/// what is live, and read back at start. A change lost with the machine (not the process) only
/// means an answer is read as a new message. Questions expire after `lifetime` (default one day):
/// a "1" sent next week is a new message.
public final class PendingQuestions: Sendable {
    /// What was asked about one case, the question being asked first.
    public struct Pending: Sendable, Equatable {
        public var caseRef: String
        public var language: String
        public var questions: [ResidentQuestion]
        public var askedAt: Date

        public init(caseRef: String, language: String, questions: [ResidentQuestion], askedAt: Date) {
            self.caseRef = caseRef
            self.language = language
            self.questions = questions
            self.askedAt = askedAt
        }

        public var current: ResidentQuestion? { questions.first }
    }

    private let path: String?
    private let lifetime: TimeInterval
    private struct State {
        var pending: [String: Pending]
        /// The journal, open for appending (nil: kept in memory only, or not writable).
        var journal: Int32?
        /// Lines in the journal now, to know when it is worth rewriting.
        var lines: Int
    }
    private let state: Locked<State>

    public init(path: String?, lifetime: TimeInterval = 86_400) {
        self.path = path
        self.lifetime = lifetime
        guard let path else {
            state = Locked(State(pending: [:], journal: nil, lines: 0))
            return
        }
        // Expired questions are dropped at the next rewrite (`pending(for:)` never answers them).
        let loaded = Self.load(path)
        // Started on a compact journal of what is still live (this also turns an older whole-file
        // copy into a journal).
        try? DurableFile.replace(path, with: Self.journal(of: loaded))
        let fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        state = Locked(State(pending: loaded, journal: fd >= 0 ? fd : nil, lines: loaded.count))
    }

    deinit {
        if let fd = state.withLock({ $0.journal }) { close(fd) }
    }

    /// Records the questions asked of `address` (none: the address owes no answer any more).
    public func ask(_ address: String, _ pending: Pending) {
        update(address, now: pending.askedAt) { _ in pending.questions.isEmpty ? nil : pending }
    }

    /// The questions of the channel `channel`, in `dataDirectory/questions/<channel>.json`.
    public convenience init(channel: String, dataDirectory: String) throws {
        let directory = "\(dataDirectory)/questions"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        self.init(path: "\(directory)/\(channel).json")
    }

    /// The unanswered questions for `address`, unless they have expired.
    public func pending(for address: String, now: Date = Date()) -> Pending? {
        state.withLock { s in
            guard let p = s.pending[address], now.timeIntervalSince(p.askedAt) <= lifetime else { return nil }
            return p
        }
    }

    /// The current question was answered: returns the next one (and keeps it), or nil when that
    /// was the last.
    @discardableResult
    public func answered(_ address: String, now: Date = Date()) -> Pending? {
        update(address, now: now) { current in
            guard var p = current else { return nil }
            p.questions.removeFirst()
            p.askedAt = now
            return p.questions.isEmpty ? nil : p
        }
    }

    /// Nothing more is expected from `address`.
    public func forget(_ address: String, now: Date = Date()) {
        update(address, now: now) { _ in nil }
    }

    /// Changes what `address` owes, appends the change to the journal, and returns the new value.
    @discardableResult
    private func update(_ address: String, now: Date, _ change: (Pending?) -> Pending?) -> Pending? {
        state.withLock { s -> Pending? in
            let new = change(s.pending[address])
            guard s.pending[address] != new else { return new }
            s.pending[address] = new
            guard let fd = s.journal else { return new }
            let line = Self.line(address, new)
            let written = line.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            // A failed append (a full disk): the next rewrite carries the change.
            if written != line.count { s.lines = .max / 2 } else { s.lines += 1 }
            guard s.lines > 2 * s.pending.count + 64, let path else { return new }
            // Mostly answered or expired lines: rewritten with what is live.
            let cutoff = now.addingTimeInterval(-lifetime)
            s.pending = s.pending.filter { $0.value.askedAt >= cutoff }
            let whole = Self.journal(of: s.pending)
            do {
                try DurableFile.replace(path, with: whole)
                close(fd)
                let reopened = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
                s.journal = reopened >= 0 ? reopened : nil
                s.lines = s.pending.count
            } catch {
                // Kept appending to the old journal, which still says everything.
            }
            return new
        }
    }

    /// One journal line: the address's questions, or that it has none (`"questions": null`).
    static func line(_ address: String, _ p: Pending?) -> [UInt8] {
        var w = JSONWriter(capacity: 256)
        w.object { w in
            w.field("address", address)
            if let p {
                w.field("case_ref", p.caseRef)
                w.field("language", p.language)
                w.field("asked_at", p.askedAt)
                w.key("questions")
                w.array(p.questions) { w, q in q.write(to: &w) }
            } else {
                w.key("questions")
                w.null()
            }
        }
        return w.bytes + [0x0A]
    }

    static func journal(of s: [String: Pending]) -> [UInt8] {
        var out: [UInt8] = []
        for (address, p) in s.sorted(by: { $0.key < $1.key }) { out += line(address, p) }
        return out
    }

    /// The journal replayed, line by line; a line that cannot be read (one cut short by a crash)
    /// is skipped. A whole-file JSON array (the earlier form) is read too.
    static func load(_ path: String) -> [String: Pending] {
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        let bytes = Array(data)
        var out: [String: Pending] = [:]
        if bytes.first == UInt8(ascii: "[") {
            guard case .array(let items)? = try? JSONReader.parse(bytes) else { return [:] }
            for item in items { apply(item, to: &out) }
            return out
        }
        for line in bytes.split(separator: 0x0A) {
            if let item = try? JSONReader.parse(line) { apply(item, to: &out) }
        }
        return out
    }

    private static func apply(_ item: JSONValue, to out: inout [String: Pending]) {
        guard let f = try? JSONFields(item), let address = try? f.string("address") else { return }
        guard let questions = try? f.optionalArray("questions") else {
            out[address] = nil
            return
        }
        guard let ref = try? f.string("case_ref"), let language = try? f.string("language"), let at = try? f.date("asked_at"),
              let read = try? questions.map({ v throws(EnvelopeError) in try ResidentQuestion(json: v) })
        else { return }
        out[address] = read.isEmpty ? nil : Pending(caseRef: ref, language: language, questions: read, askedAt: at)
    }
}
