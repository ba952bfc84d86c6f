import ArgumentParser
import Foundation
import IntakeStore

struct Cases: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the most recent cases: kind, priority, place, who handles them, possible duplicates.",
        discussion: "Reads as INTAKE_DATABASE_URL_READER (or INTAKE_DATABASE_URL). Residents' words are not shown.")
    @OptionGroup var options: CommonOptions
    @Option(help: "How many cases.")
    var limit = 20

    func run() async throws {
        let settings = try options.settings()
        let logger = options.logger(settings)
        let db = try await PostgresConnection.connect(url: settings.readerDatabaseURL, applicationName: "intake-cases", logger: logger)
        let rows = try await db.query("""
            SELECT ref, channel, language,
                   coalesce(category, '-') || CASE WHEN emergency THEN ' (911)' ELSE '' END AS category,
                   coalesce(priority, '-') AS priority, contact_count,
                   coalesce(jurisdiction, '-') || coalesce(' w' || ward, '') AS place,
                   coalesce(routed_to, '-') || coalesce(' / ' || referral, '') AS routed,
                   coalesce('dup? ' || possible_duplicate_of, '') AS flag,
                   to_char(opened_at AT TIME ZONE $2, 'MM-DD HH24:MI') AS opened
            FROM cases ORDER BY created_at DESC, ref DESC LIMIT $1
            """, [String(limit), settings.timeZone.identifier])
        let header = ["REF", "CH", "LANG", "CATEGORY", "PRIORITY", "N", "JURISDICTION", "ROUTED TO", "FLAG", "OPENED"]
        let widths = [16, 6, 4, 22, 9, 2, 22, 44, 21, 11]
        func line(_ cells: [String]) -> String {
            zip(cells, widths).map { c, w in c.count > w ? String(c.prefix(w - 1)) + "…" : c.padding(toLength: w, withPad: " ", startingAt: 0) }
                .joined(separator: " ")
        }
        print(line(header))
        for r in rows.rows.reversed() { print(line(r.map { $0 ?? "" })) }
        // Questions are contacts of kind inquiry, in no case: counted apart, never listed as cases.
        if let q = try? await db.query("""
            SELECT count(*) FILTER (WHERE status = 'answered') AS answered, count(*) FILTER (WHERE status = 'waiting') AS waiting
            FROM inquiries
            """) {
            print("inquiries (questions, no case): \(q[0, "answered"] ?? "0") answered, \(q[0, "waiting"] ?? "0") waiting for staff")
        }
        await db.close()
    }
}
