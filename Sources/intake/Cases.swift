import ArgumentParser
import Foundation
import IntakeStore

struct Cases: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the most recent cases.")
    @OptionGroup var options: CommonOptions
    @Option(help: "How many cases.")
    var limit = 20

    func run() async throws {
        let settings = try options.settings()
        let logger = options.logger(settings)
        let db = try await PostgresConnection.connect(url: settings.databaseURL, applicationName: "intake-cases", logger: logger)
        let rows = try await db.query("""
            SELECT ref, status, channel, language, coalesce(category, '-') AS category, contact_count,
                   to_char(opened_at AT TIME ZONE $2, 'YYYY-MM-DD HH24:MI:SS') AS opened, left(description, 60) AS description
            FROM cases ORDER BY created_at DESC, ref DESC LIMIT $1
            """, [String(limit), settings.timeZone.identifier])
        print("REF              STATUS  CHANNEL  LANG  CATEGORY           CONTACTS  OPENED               DESCRIPTION")
        for r in rows.rows.reversed() {
            func col(_ i: Int, _ w: Int) -> String { (r[i] ?? "").padding(toLength: w, withPad: " ", startingAt: 0) }
            print("\(col(0, 16)) \(col(1, 7)) \(col(2, 8)) \(col(3, 5)) \(col(4, 18)) \(col(5, 9)) \(col(6, 20)) \(r[7] ?? "")")
        }
        await db.close()
    }
}
