import Foundation
import IntakeCore
import IntakeStore
import IntakeWriter

/// What the writer's per-batch statements cost on the filled database, from EXPLAIN (ANALYZE,
/// BUFFERS): the near-duplicate search at the busiest hot spot, as it was (every open case in the
/// box) and as it is (`CandidateSearch`), and the contact-id lookup.
enum HistoryExplain {
    struct Cost {
        var milliseconds: Double
        /// Rows the scans of `cases` (or `contacts`) read, over all their loops.
        var rowsRead: Int
        var buffers: Int
        var text: String { String(format: "%d rows read, %d buffers, %.2f ms", rowsRead, buffers, milliseconds) }
    }

    /// The search before migration 11: every open case of the category in the box.
    static let unboundedSearch = """
        SELECT DISTINCT c.ref, c.category, c.lat, c.lon, extract(epoch FROM c.opened_at) AS opened, c.description, c.location_text
        FROM unnest($1::text[], $2::float8[], $3::float8[], $4::timestamptz[], $5::float8[], $6::float8[], $7::float8[], $8::float8[])
             AS b(category, cy, cx, since, lat0, lat1, lon0, lon1)
        JOIN cases c ON c.category = b.category AND c.status <> 'closed'
                    AND c.lat BETWEEN b.lat0 AND b.lat1 AND c.lon BETWEEN b.lon0 AND b.lon1 AND c.opened_at >= b.since
        """

    static func report(db: PostgresConnection, city: CityModel) async throws -> String {
        guard let hot = city.hotSpots.first else { return "" }
        let place = city.places[hot.place]
        let open = try await db.query("""
            SELECT count(*) FROM cases WHERE status <> 'closed' AND category = $1 AND location_text = $2
            """, [hot.category.rawValue, place.address]).rows[0][0] ?? "?"
        let rows = CandidateSearch.rows(category: hot.category.rawValue, lat: place.lat, lon: place.lon, radiusM: 50,
                                        since: Date().addingTimeInterval(-30 * 86_400))
        let before = try await explain(db, unboundedSearch, rows.parameters, table: "cases")
        let after = try await explain(db, CandidateSearch.sql(rows), rows.parameters, table: "cases")
        let ids = PostgresArray.literal((0..<64).map { "hist:\($0 * 9973)" })
        let lookup = try await explain(db, "SELECT id, case_ref, revision FROM contacts WHERE id = ANY($1::text[])", [ids], table: "contacts")
        return """
            EXPLAIN (ANALYZE, BUFFERS) on the filled database:
              near-duplicate search at a hot spot (\(open) open \(hot.category.rawValue) cases at one address):
                every open case in the box (before migration 11): \(before.text)
                newest \(CandidateSearch.perCell) per cell (now):                 \(after.text)
              contact-id lookup, 64 ids:                          \(lookup.text)
            """
    }

    /// Live and dead rows, updates (HOT among them) and size of the tables the writer touches:
    /// bloat shows as dead rows that autovacuum has not yet reclaimed.
    static func tableStats(db: PostgresConnection) async throws -> String {
        let rows = try await db.query("""
            SELECT relname, n_live_tup, n_dead_tup, n_tup_upd, n_tup_hot_upd, pg_size_pretty(pg_total_relation_size(relid)), autovacuum_count
            FROM pg_stat_user_tables
            WHERE relname IN ('cases', 'contacts', 'case_events', 'case_counters', 'outbox')
            ORDER BY relname
            """)
        return "tables after the runs (live rows, dead rows, updates of which HOT, size with indexes, autovacuums):\n"
            + rows.rows.map { r in "  \(r[0] ?? ""): \(r[1] ?? "?") live, \(r[2] ?? "?") dead, \(r[3] ?? "?") updates (\(r[4] ?? "?") HOT), \(r[5] ?? "?"), \(r[6] ?? "?") autovacuums" }
                .joined(separator: "\n")
    }

    static func explain(_ db: PostgresConnection, _ sql: String, _ parameters: [String?], table: String) async throws -> Cost {
        let out = try await db.query("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, parameters)
        guard let text = out.rows.first?[0], let top = (try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])?.first,
              let plan = top["Plan"] as? [String: Any] else { throw BenchError("no plan") }
        var rows = 0
        func walk(_ node: [String: Any]) {
            if node["Relation Name"] as? String == table {
                // Rows the scan handed on and rows it read and dropped (per loop, times the loops).
                let perLoop = ((node["Actual Rows"] as? NSNumber)?.intValue ?? 0) + ((node["Rows Removed by Filter"] as? NSNumber)?.intValue ?? 0)
                rows += perLoop * ((node["Actual Loops"] as? NSNumber)?.intValue ?? 1)
            }
            for child in node["Plans"] as? [[String: Any]] ?? [] { walk(child) }
        }
        walk(plan)
        let buffers = ((plan["Shared Hit Blocks"] as? NSNumber)?.intValue ?? 0) + ((plan["Shared Read Blocks"] as? NSNumber)?.intValue ?? 0)
        return Cost(milliseconds: (top["Execution Time"] as? NSNumber)?.doubleValue ?? 0, rowsRead: rows, buffers: buffers)
    }
}
