public import Foundation
public import IntakeCore

/// The questions a channel has asked residents and is waiting to hear back on, by the resident's
/// address (a phone number): "Reply 1 for pothole, …" or "Did you mean 220 E 5th St?". The next
/// message from that address is read as the answer if it is one.
///
/// Kept in one small file (`DurableFile`), so that a restart between question and answer does
/// not turn "1" into a report of its own. Questions expire after `lifetime` (default one day):
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
    private let state: Locked<[String: Pending]>

    /// - Parameter path: the file, or nil to keep questions in memory only (tests).
    public init(path: String?, lifetime: TimeInterval = 86_400) {
        self.path = path
        self.lifetime = lifetime
        state = Locked(path.map(Self.load) ?? [:])
    }

    /// Asks `pending.questions` of `address`, replacing anything asked before.
    public func ask(_ address: String, _ pending: Pending) {
        update(now: pending.askedAt) { $0[address] = pending.questions.isEmpty ? nil : pending }
    }

    /// The questions of `channel`, kept in `dataDirectory/questions/<channel>.json`.
    public convenience init(channel: String, dataDirectory: String) throws {
        let directory = "\(dataDirectory)/questions"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        self.init(path: "\(directory)/\(channel).json")
    }

    /// What `address` is being asked now, if it has not expired.
    public func pending(for address: String, now: Date = Date()) -> Pending? {
        state.withLock { s in
            guard let p = s[address], now.timeIntervalSince(p.askedAt) <= lifetime else { return nil }
            return p
        }
    }

    /// The current question was answered: the next one, if any, is asked now.
    @discardableResult
    public func answered(_ address: String, now: Date = Date()) -> Pending? {
        var next: Pending?
        update(now: now) { s in
            guard var p = s[address] else { return }
            p.questions.removeFirst()
            p.askedAt = now
            next = p.questions.isEmpty ? nil : p
            s[address] = next
        }
        return next
    }

    public func forget(_ address: String, now: Date = Date()) {
        update(now: now) { s in s[address] = nil }
    }

    /// Applies `change`, drops what expired by `now`, and writes the file if anything changed.
    private func update(now: Date, _ change: (inout [String: Pending]) -> Void) {
        let bytes: [UInt8]? = state.withLock { s in
            let before = s
            change(&s)
            let cutoff = now.addingTimeInterval(-lifetime)
            s = s.filter { $0.value.askedAt >= cutoff }
            guard s != before, path != nil else { return nil }
            return Self.encode(s)
        }
        guard let path, let bytes else { return }
        // A question lost with a failed write only means its answer is read as a new message.
        try? DurableFile.replace(path, with: bytes)
    }

    static func encode(_ s: [String: Pending]) -> [UInt8] {
        var w = JSONWriter(capacity: 256 * max(1, s.count))
        w.array(s.sorted { $0.key < $1.key }) { w, entry in
            w.object { w in
                w.field("address", entry.key)
                w.field("case_ref", entry.value.caseRef)
                w.field("language", entry.value.language)
                w.field("asked_at", entry.value.askedAt)
                w.key("questions")
                w.array(entry.value.questions) { w, q in q.write(to: &w) }
            }
        }
        return w.bytes
    }

    static func load(_ path: String) -> [String: Pending] {
        guard let data = FileManager.default.contents(atPath: path),
              case .array(let items)? = try? JSONReader.parse(Array(data)) else { return [:] }
        var out: [String: Pending] = [:]
        for item in items {
            guard let f = try? JSONFields(item), let address = try? f.string("address"), let ref = try? f.string("case_ref"),
                  let language = try? f.string("language"), let at = try? f.date("asked_at"),
                  let questions = try? (f.optionalArray("questions") ?? []).map({ v throws(EnvelopeError) in try ResidentQuestion(json: v) })
            else { continue }
            out[address] = Pending(caseRef: ref, language: language, questions: questions, askedAt: at)
        }
        return out
    }
}
