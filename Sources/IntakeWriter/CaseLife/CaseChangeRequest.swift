public import IntakeCore

/// What a department asked for in `PATCH /api/v1/cases/{ref}`: a new status, a note, or that the
/// case repeats another. Read from JSON here, so that a bad body is refused before any I/O.
public struct CaseChangeRequest: Sendable, Equatable {
    public var status: CaseStatus?
    public var note: String?
    public var duplicateOf: String?

    public init(status: CaseStatus? = nil, note: String? = nil, duplicateOf: String? = nil) {
        self.status = status
        self.note = note
        self.duplicateOf = duplicateOf
    }

    /// Longest note kept; residents hear it by SMS, so a department writes a line, not a report.
    public static let maxNoteLength = 1000

    /// The body: `{"status": "in_progress" | "closed" | "open", "note": "…", "duplicate_of": "TUC-…"}`,
    /// at least one of status and duplicate_of (a note alone goes with a status).
    public init(json bytes: [UInt8]) throws(CaseChangeRefusal) {
        let value: JSONValue
        do {
            value = try JSONReader.parse(bytes)
        } catch {
            throw .badRequest("the body is not JSON")
        }
        guard case .object(let members) = value else { throw .badRequest("the body must be a JSON object") }
        for key in members.keys where !["status", "note", "duplicate_of"].contains(key) {
            throw .badRequest("unknown field \(key) (expected status, note, duplicate_of)")
        }
        func string(_ key: String) throws(CaseChangeRefusal) -> String? {
            switch members[key] {
            case nil, .null?: return nil
            case .string(let s)?: return s.trimmingCharacters(in: .whitespacesAndNewlines)
            default: throw .badRequest("\(key) must be a string")
            }
        }
        if let s = try string("status") {
            guard let status = CaseStatus(rawValue: s) else { throw .badRequest("status must be open, in_progress or closed") }
            self.status = status
        }
        note = try string("note").flatMap { $0.isEmpty ? nil : $0 }
        if let n = note, n.count > Self.maxNoteLength { throw .badRequest("note is longer than \(Self.maxNoteLength) characters") }
        duplicateOf = try string("duplicate_of").flatMap { $0.isEmpty ? nil : $0.uppercased() }
        guard status != nil || duplicateOf != nil else { throw .badRequest("give status or duplicate_of") }
        if duplicateOf != nil, let s = status, s != .closed {
            throw .badRequest("a case marked duplicate_of another is closed; status, if given, must be closed")
        }
    }
}
