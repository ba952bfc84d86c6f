import Foundation
public import IntakeStore
public import Logging

/// Loads the open cases an enrich instance can match against when it starts; after that it
/// follows `case/+/event`.
///
/// A city keeps a hundred thousand cases open at once; they come a page at a time, oldest first
/// (keyset paging on opened_at, ref), so the rows in flight stay a few megabytes whatever the
/// count. The next page is read while this one is indexed, and a page's text signatures (the
/// costly part: words, stems, hashes) are made on every core.
public enum OpenCaseLoader {
    /// Rows per round trip.
    public static let pageSize = 5000

    /// Returns how many cases were loaded.
    @discardableResult
    public static func load(into enricher: CityEnricher, from db: PostgresConnection, logger: Logger,
                            pageSize: Int = pageSize) async throws -> Int {
        let start = ContinuousClock.now
        let window = String(enricher.triage.longestWindowSeconds)
        // The window's start is fixed once, so that every page asks the same question.
        let since = try await db.query("SELECT (now() - make_interval(secs => $1))::text", [window]).rows[0][0] ?? "-infinity"
        @Sendable func page(after: (opened: String, ref: String)) async throws -> PostgresRows {
            try await db.query("""
                SELECT ref, category, lat, lon, extract(epoch FROM opened_at) AS opened, description, location_text, opened_at::text
                FROM cases
                WHERE status <> 'closed' AND lat IS NOT NULL AND category IS NOT NULL
                  AND opened_at > $1::timestamptz AND (opened_at, ref) > ($2::timestamptz, $3)
                ORDER BY opened_at, ref
                LIMIT \(pageSize)
                """, [since, after.opened, after.ref])
        }
        let parts = max(1, ProcessInfo.processInfo.activeProcessorCount)
        var rows = try await page(after: ("-infinity", ""))
        var loaded = 0
        while true {
            let current = rows
            var next: Task<PostgresRows, any Error>?
            if current.count == pageSize, let last = current.rows.last, let opened = last[7], let ref = last[0] {
                next = Task { try await page(after: (opened, ref)) }
            }
            await withTaskGroup(of: Void.self) { group in
                for part in 0..<parts {
                    group.addTask {
                        for i in stride(from: part, to: current.count, by: parts) {
                            let r = current.rows[i]
                            guard let ref = r[0], let opened = r[4].flatMap(Double.init) else { continue }
                            enricher.caseOpened(ref: ref, category: r[1], lat: r[2].flatMap(Double.init), lon: r[3].flatMap(Double.init),
                                                openedAt: Date(timeIntervalSince1970: opened), description: r[5] ?? "", locationText: r[6])
                        }
                    }
                }
            }
            loaded += current.count
            guard let next else { break }
            rows = try await next.value
        }
        logger.info("enrich: \(loaded) open case(s) loaded for duplicate matching in \(ContinuousClock.now - start)")
        return loaded
    }
}
