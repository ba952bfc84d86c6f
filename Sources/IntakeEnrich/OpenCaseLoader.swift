import Foundation
public import IntakeStore
public import Logging

/// Loads the open cases an enrich instance can match against when it starts; after that it
/// follows `case/+/event`.
public enum OpenCaseLoader {
    /// Returns how many cases were loaded.
    @discardableResult
    public static func load(into enricher: CityEnricher, from db: PostgresConnection, logger: Logger) async throws -> Int {
        let rows = try await db.query("""
            SELECT ref, category, lat, lon, extract(epoch FROM opened_at) AS opened, description, location_text
            FROM cases
            WHERE status <> 'closed' AND lat IS NOT NULL AND category IS NOT NULL
              AND opened_at > now() - make_interval(secs => $1)
            """, [String(enricher.triage.longestWindowSeconds)])
        for r in rows.rows {
            guard let ref = r[0], let opened = r[4].flatMap(Double.init) else { continue }
            enricher.caseOpened(ref: ref, category: r[1], lat: r[2].flatMap(Double.init), lon: r[3].flatMap(Double.init),
                                openedAt: Date(timeIntervalSince1970: opened), description: r[5] ?? "", locationText: r[6])
        }
        logger.info("enrich: \(rows.count) open case(s) loaded for duplicate matching")
        return rows.count
    }
}
