public import Foundation
public import IntakeStore
import IntakeCore
import IntakeLocate
import IntakeTriage

/// The writer's search for open cases near new reports, bounded: for each grid cell a report's
/// radius touches, the newest `perCell` open cases of its category (index `cases_open_by_cell`,
/// migration 11). However many open cases share an address, a report reads at most
/// `perCell` × its cells (at most 3 × 3 for the default 50 m radius), and those rows come from the index
/// in order, so the cost does not grow with the city's history.
public enum CandidateSearch {
    /// Cells per degree of latitude and of longitude; must match migration 11's index.
    public static let cellsPerDegree = 2000.0
    /// Open cases read per cell at most: the newest, since an old open case at a hot spot is
    /// matched by the newer reports linked into the same problem.
    public static let perCell = 32

    /// One row per (report, cell): category, cell, window start, and the report's box.
    public static func rows(_ questions: some Sequence<NearDuplicates.Question>) -> ColumnArrays {
        var rows = emptyRows
        var seen = Set<[String]>()
        for q in questions {
            append(to: &rows, seen: &seen, category: q.query.category, lat: q.query.point.lat, lon: q.query.point.lon,
                   radiusM: q.parameters.radiusM, since: q.query.at.addingTimeInterval(-q.parameters.windowSeconds))
        }
        return rows
    }

    /// The rows of one report (for measuring the search by hand, as the benchmark does).
    public static func rows(category: String, lat: Double, lon: Double, radiusM: Double, since: Date) -> ColumnArrays {
        var rows = emptyRows
        var seen = Set<[String]>()
        append(to: &rows, seen: &seen, category: category, lat: lat, lon: lon, radiusM: radiusM, since: since)
        return rows
    }

    static var emptyRows: ColumnArrays {
        ColumnArrays(["category": "text", "cy": "float8", "cx": "float8", "since": "timestamptz",
                      "lat0": "float8", "lat1": "float8", "lon0": "float8", "lon1": "float8"])
    }

    static func append(to rows: inout ColumnArrays, seen: inout Set<[String]>, category: String, lat: Double, lon: Double,
                       radiusM: Double, since: Date) {
        let dLat = radiusM / 111_320
        let dLon = radiusM / (111_320 * max(0.01, cos(lat * .pi / 180)))
        let box = [lat - dLat, lat + dLat, lon - dLon, lon + dLon].map { String($0) }
        let sinceText = RFC3339.string(from: since)
        for cy in stride(from: cell(lat - dLat), through: cell(lat + dLat), by: 1) {
            for cx in stride(from: cell(lon - dLon), through: cell(lon + dLon), by: 1) {
                let row = [category, String(cy), String(cx), sinceText] + box
                if seen.insert(row).inserted { rows.append(row) }
            }
        }
    }

    /// The cell of a latitude or longitude, as PostgreSQL's `floor(lat * 2000)` computes it.
    public static func cell(_ degrees: Double) -> Double { (degrees * cellsPerDegree).rounded(.down) }

    /// The search over `rows` (parameters `$1`…`$8`): ref, category, lat, lon, opened (epoch),
    /// description, location_text of the candidates within each report's box.
    public static func sql(_ rows: ColumnArrays) -> String {
        """
        SELECT DISTINCT c.ref, c.category, c.lat, c.lon, extract(epoch FROM c.opened_at) AS opened, c.description, c.location_text
        FROM \(rows.unnest(alias: "b"))
        CROSS JOIN LATERAL (
            SELECT c.ref, c.category, c.lat, c.lon, c.opened_at, c.description, c.location_text
            FROM cases c
            WHERE c.category = b.category AND c.status <> 'closed'
              AND floor(c.lat * 2000) = b.cy AND floor(c.lon * 2000) = b.cx AND c.opened_at >= b.since
            ORDER BY c.opened_at DESC
            LIMIT \(perCell)) c
        WHERE c.lat BETWEEN b.lat0 AND b.lat1 AND c.lon BETWEEN b.lon0 AND b.lon1
        """
    }
}
