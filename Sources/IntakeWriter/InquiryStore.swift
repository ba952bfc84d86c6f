import Foundation
public import IntakeCore
import IntakeStore

extension CaseStore {
    /// Stores questions (contacts of kind `inquiry`, migration 9): each a contact with no case,
    /// and its `inquiries` row with the answer it got (or `waiting` for staff). Idempotent: a
    /// contact already stored is answered `alreadyStored`, with its case when it had been stored
    /// as a request. One transaction, one round trip.
    func writeInquiries(_ incoming: [Incoming]) async throws -> [Written] {
        guard !incoming.isEmpty else { return [] }
        var contacts = ColumnArrays(ContactColumns.columns)
        var inquiries = ColumnArrays(["contact_id": "text", "answer_id": "text", "status": "text", "reply": "text", "language": "text"])
        for i in incoming {
            let e = i.contact
            guard let q = e.inquiry else { continue }
            contacts.append(ContactColumns.row(e, caseRef: nil, envelope: i.envelope))
            inquiries.append([e.contact.id, q.answerID, q.waitsForStaff ? "waiting" : "answered", q.reply, q.language])
        }
        let ids = PostgresArray.literal(incoming.map(\.contact.contact.id))
        let names = contacts.names.joined(separator: ", ")
        let contactRows = contacts, inquiryRows = inquiries
        let results = try await db.withSession { s in
            do {
                return try s.pipeline([
                    ("BEGIN", []),
                    ("""
                     SELECT count(pg_advisory_xact_lock(311, k))
                     FROM (SELECT DISTINCT hashtext(id) AS k FROM unnest($1::text[]) AS id ORDER BY 1) AS keys
                     """, [ids]),
                    ("SELECT id, case_ref, revision FROM contacts WHERE id = ANY($1::text[])", [ids]),
                    ("INSERT INTO contacts (\(names), kind) SELECT *, 'inquiry' FROM \(contactRows.unnest()) ON CONFLICT (id) DO NOTHING",
                     contactRows.parameters),
                    ("""
                     INSERT INTO inquiries (contact_id, answer_id, status, reply, language)
                     SELECT x.* FROM \(inquiryRows.unnest()) JOIN contacts c ON c.id = x.contact_id AND c.kind = 'inquiry'
                     ON CONFLICT (contact_id) DO NOTHING
                     """, inquiryRows.parameters),
                    ("COMMIT", []),
                ])
            } catch {
                _ = try? s.execute("ROLLBACK")
                throw error
            }
        }
        var before: [String: (ref: String?, revision: Int)] = [:]
        for r in results[2].rows { if let id = r[0] { before[id] = (r[1], r[2].flatMap(Int.init) ?? 1) } }
        var seen = Set<String>()
        return incoming.map { i in
            let e = i.contact
            if let stored = before[e.contact.id] {
                return Written(contact: e, caseRef: stored.ref ?? "", outcome: .alreadyStored, revision: stored.revision)
            }
            // The same question twice in one batch: stored once.
            let first = seen.insert(e.contact.id).inserted
            return Written(contact: e, caseRef: "", outcome: first ? .inquiry : .alreadyStored, revision: e.contact.revision)
        }
    }
}
