import Foundation
import IntakeStore
import Logging

/// Reads requests and tokens from PostgreSQL as the reader role, which may SELECT cases and the
/// id, case_ref, channel and received_at of contacts: never a resident's details.
struct Open311Store: Sendable {
    /// A case as GeoReport shows it.
    struct Case: Sendable, Equatable {
        var ref: String
        /// `open`, `in_progress` or `closed`.
        var status: String
        var note: String?
        var category: String?
        var description: String
        var routedTo: String?
        var address: String?
        var lat: Double?
        var lon: Double?
        var openedAt: Date
        var updatedAt: Date
        var duplicateOf: String?
    }

    struct Filter: Sendable {
        var refs: [String]?
        var serviceCode: String?
        /// Only `open` (open and in progress) or `closed`.
        var status: String?
        var start: Date
        var end: Date
        var limit = 1000
    }

    let databaseURL: String
    let logger: Logger

    private static let columns = """
        ref, status, status_note, category, description, routed_to, location_text, lat, lon, duplicate_of,
        extract(epoch FROM opened_at) AS opened, extract(epoch FROM updated_at) AS updated
        """

    private func query(_ sql: String, _ parameters: [String?]) async throws -> PostgresRows {
        let db = try await PostgresConnection.connect(url: databaseURL, applicationName: "intake-open311", logger: logger)
        do {
            let rows = try await db.query(sql, parameters)
            await db.close()
            return rows
        } catch {
            await db.close()
            throw error
        }
    }

    func cases(_ f: Filter) async throws -> [Case] {
        let rows: PostgresRows
        if let refs = f.refs {
            // Given ids, the other filters do not apply (GeoReport v2).
            rows = try await query("SELECT \(Self.columns) FROM cases WHERE ref = ANY($1::text[]) ORDER BY opened_at DESC LIMIT \(f.limit)",
                                   [PostgresArray.literal(refs)])
        } else {
            let statuses: [String]? = switch f.status {
            case "open": ["open", "in_progress"]
            case "closed": ["closed"]
            default: nil
            }
            rows = try await query("""
                SELECT \(Self.columns) FROM cases
                WHERE opened_at >= to_timestamp($1::float8) AND opened_at <= to_timestamp($2::float8)
                  AND ($3::text IS NULL OR category = $3) AND ($4::text[] IS NULL OR status = ANY($4::text[]))
                ORDER BY opened_at DESC LIMIT \(f.limit)
                """, [String(f.start.timeIntervalSince1970), String(f.end.timeIntervalSince1970), f.serviceCode,
                      statuses.map { PostgresArray.literal($0) }])
        }
        return (0..<rows.count).compactMap { i in
            guard let ref = rows[i, "ref"], let status = rows[i, "status"], let opened = rows[i, "opened"].flatMap(Double.init),
                  let updated = rows[i, "updated"].flatMap(Double.init) else { return nil }
            return Case(ref: ref, status: status, note: rows[i, "status_note"], category: rows[i, "category"],
                        description: rows[i, "description"] ?? "", routedTo: rows[i, "routed_to"], address: rows[i, "location_text"],
                        lat: rows[i, "lat"].flatMap(Double.init), lon: rows[i, "lon"].flatMap(Double.init),
                        openedAt: Date(timeIntervalSince1970: opened), updatedAt: Date(timeIntervalSince1970: updated),
                        duplicateOf: rows[i, "duplicate_of"])
        }
    }

    /// The case a contact was filed in, if it has been: nil when no such contact is stored.
    func caseRef(ofContact id: String) async throws -> String? {
        let rows = try await query("SELECT case_ref FROM contacts WHERE id = $1 AND channel = 'open311'", [id])
        return rows.count == 1 ? rows[0, "case_ref"] : nil
    }
}
