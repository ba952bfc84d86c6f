import Foundation
import IntakeLocate
import IntakeStore

/// Open cases near a point, nearest first: what staff see before they submit a contact, so that
/// a report of the same thing is recognised whatever way its address was written. The database
/// narrows the cases to a box around the point (cheap on `cases_open_near`); the exact distance
/// (haversine, as the enrich stage measures) decides and orders.
enum NearbyCases {
    /// An open case with its stored coordinates.
    struct Candidate: Sendable, Equatable {
        var ref: String
        var category: String?
        var locationText: String?
        var status: String?
        var point: GeoPoint
    }

    struct Found: Sendable, Equatable {
        var candidate: Candidate
        var distanceM: Double
    }

    /// Latitude and longitude bounds that contain every point within `radiusM` of `center`
    /// (a little wider: the box only narrows, `nearest` decides).
    static func box(around center: GeoPoint, radiusM: Double) -> (minLat: Double, maxLat: Double, minLon: Double, maxLon: Double) {
        let dLat = radiusM / GeoPoint.earthRadiusM * 180 / .pi * 1.01
        // Near the poles a degree of longitude shrinks to nothing: take every longitude there.
        let cosLat = cos(center.lat * .pi / 180)
        let dLon = cosLat > 0.01 ? dLat / cosLat : 180
        return (center.lat - dLat, center.lat + dLat, center.lon - dLon, center.lon + dLon)
    }

    /// The candidates within `radiusM` of `center`, nearest first (equal distances by reference),
    /// at most `limit`.
    static func nearest(_ candidates: [Candidate], to center: GeoPoint, within radiusM: Double, limit: Int = 10) -> [Found] {
        candidates
            .map { Found(candidate: $0, distanceM: center.distance(to: $0.point)) }
            .filter { $0.distanceM <= radiusM }
            .sorted { ($0.distanceM, $0.candidate.ref) < ($1.distanceM, $1.candidate.ref) }
            .prefix(limit)
            .map { $0 }
    }

    /// The open cases in the box around `center` (parameters: `box`), with their coordinates.
    static let sql = """
        SELECT ref, category, location_text, status, lat, lon FROM cases
        WHERE status <> 'closed' AND lat BETWEEN $1::float8 AND $2::float8 AND lon BETWEEN $3::float8 AND $4::float8
        """

    static func parameters(around center: GeoPoint, radiusM: Double) -> [String?] {
        let b = box(around: center, radiusM: radiusM)
        return [String(b.minLat), String(b.maxLat), String(b.minLon), String(b.maxLon)]
    }

    static func candidates(_ rows: PostgresRows) -> [Candidate] {
        var out: [Candidate] = []
        for i in 0..<rows.count {
            guard let ref = rows[i, "ref"], let lat = rows[i, "lat"].flatMap(Double.init), let lon = rows[i, "lon"].flatMap(Double.init) else { continue }
            out.append(Candidate(ref: ref, category: rows[i, "category"], locationText: rows[i, "location_text"],
                                 status: rows[i, "status"], point: GeoPoint(lat: lat, lon: lon)))
        }
        return out
    }
}
