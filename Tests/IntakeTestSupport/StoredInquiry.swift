import IntakeStore

/// An inquiry as the database holds it: the contact's kind and case, and the answer it got.
public struct StoredInquiry: Equatable, Sendable, CustomStringConvertible {
    public var kind: String?
    public var caseRef: String?
    public var answerID: String?
    public var status: String?

    /// Questions answered from these entries of the answers file, each with no case.
    public static func answered(_ answerIDs: [String]) -> [StoredInquiry] {
        answerIDs.map { StoredInquiry(kind: "inquiry", caseRef: nil, answerID: $0, status: "answered") }
    }

    public var description: String { "\(kind ?? "-") case=\(caseRef ?? "none") answer=\(answerID ?? "none") \(status ?? "-")" }
}

extension TestStack {
    /// The inquiries of `channel`'s contacts, by answer entry.
    public func storedInquiries(channel: String) async throws -> [StoredInquiry] {
        let db = try await ownerConnection()
        defer { Task { await db.close() } }
        let rows = try await db.query("""
            SELECT k.kind, k.case_ref, i.answer_id, i.status FROM contacts k JOIN inquiries i ON i.contact_id = k.id
            WHERE k.channel = $1 ORDER BY i.answer_id
            """, [channel])
        return rows.rows.map { StoredInquiry(kind: $0[0], caseRef: $0[1], answerID: $0[2], status: $0[3]) }
    }

    /// How many cases there are.
    public func caseCount() async throws -> Int {
        let db = try await ownerConnection()
        defer { Task { await db.close() } }
        return Int(try await db.query("SELECT count(*) FROM cases")[0, "count"] ?? "") ?? -1
    }
}
