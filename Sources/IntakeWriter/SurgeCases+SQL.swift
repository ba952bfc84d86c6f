import IntakeCore
import IntakeStore

extension SurgeCases {
    /// Locks the surges' ids (two writers with reports of one surge wait for each other), then
    /// reads the open case of each surge already filed. The last statement's rows go to `stored`.
    static func lookup(_ ids: [String]) -> [(sql: String, parameters: [String?])] {
        let array = PostgresArray.literal(ids)
        return [
            ("""
             SELECT count(pg_advisory_xact_lock(312, k))
             FROM (SELECT DISTINCT hashtext(id) AS k FROM unnest($1::text[]) AS id ORDER BY 1) AS keys
             """, [array]),
            ("""
             SELECT s.id, s.case_ref FROM surges s JOIN cases c ON c.ref = s.case_ref
             WHERE s.id = ANY($1::text[]) AND c.status <> 'closed'
             """, [array]),
        ]
    }

    static func stored(_ rows: PostgresRows) -> [String: String] {
        var out: [String: String] = [:]
        for r in rows.rows { if let id = r[0], let ref = r[1] { out[id] = ref } }
        return out
    }

    /// Files the surges this batch decided (after the batch's cases are inserted); a surge whose
    /// case was closed moves to its new one.
    static func insert(_ surges: [String: Target], batch: [EnrichedContact], newRefs: [Int: String]) -> (sql: String, parameters: [String?])? {
        guard !surges.isEmpty else { return nil }
        var rows = ColumnArrays(["id": "text", "case_ref": "text", "category": "text", "area": "text"])
        for (id, target) in surges.sorted(by: { $0.key < $1.key }) {
            let ref: String?
            switch target {
            case .existing(let r): ref = r
            case .batch(let j): ref = newRefs[j]
            }
            guard let ref, let first = batch.first(where: { $0.surge?.id == id }) else { continue }
            rows.append([id, ref, first.triage?.category ?? "", first.surge?.area ?? ""])
        }
        guard !rows.isEmpty else { return nil }
        return ("""
            INSERT INTO surges (id, case_ref, category, area) SELECT * FROM \(rows.unnest())
            ON CONFLICT (id) DO UPDATE SET case_ref = EXCLUDED.case_ref
            """, rows.parameters)
    }
}
