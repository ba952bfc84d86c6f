import Foundation
import IntakeCore
import IntakeEnrich
import IntakeLocate
import IntakeStore
import IntakeTestSupport
import IntakeTriage
import IntakeWriter
import Logging
import Testing

/// What must cost the same whatever the city's history holds: the writer's near-duplicate search
/// at a hot spot, and enrich's load of every open case at start. Rows go in by COPY, as a city's
/// past would, into the real PostgreSQL of the test stack.
@Suite("Costs that do not grow with the city's history")
struct HistoryScaleTests {
    static let hotSpot = GeoPoint(lat: 32.22180, lon: -110.97160)
    static let logger = Logger(label: "history-test")

    /// A case row for COPY into (ref, status, channel, language, description, location_text, lat, lon, category, opened_at).
    static func caseRow(_ ref: String, status: String = "open", text: String, place: String, lat: Double, lon: Double,
                        category: String, openedSecondsAgo: Int) -> String {
        let opened = Date().addingTimeInterval(-Double(openedSecondsAgo))
        return [ref, status, "sms", "en", text, place, String(lat), String(lon), category, RFC3339.string(from: opened)].joined(separator: "\t") + "\n"
    }

    static func copyCases(_ db: PostgresConnection, _ rows: String) async throws -> Int {
        let bytes = Array(rows.utf8)
        return try await db.withSession { s in
            try s.copyIn("COPY cases (ref, status, channel, language, description, location_text, lat, lon, category, opened_at) FROM STDIN",
                         data: bytes)
        }
    }

    /// Rows the scans of `table` read (handed on or filtered out), over all loops, by EXPLAIN ANALYZE.
    static func rowsRead(_ db: PostgresConnection, _ sql: String, _ parameters: [String?], table: String) async throws -> Int {
        let out = try await db.query("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, parameters)
        let json = try #require(out.rows.first?[0])
        let top = try #require((try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])?.first)
        var rows = 0
        func walk(_ node: [String: Any]) {
            if node["Relation Name"] as? String == table {
                let perLoop = ((node["Actual Rows"] as? NSNumber)?.intValue ?? 0) + ((node["Rows Removed by Filter"] as? NSNumber)?.intValue ?? 0)
                rows += perLoop * ((node["Actual Loops"] as? NSNumber)?.intValue ?? 1)
            }
            for child in node["Plans"] as? [[String: Any]] ?? [] { walk(child) }
        }
        walk(try #require(top["Plan"] as? [String: Any]))
        return rows
    }

    @Test("the writer's duplicate search reads at most its bound at a hot spot of 600 open cases, and finds the newest")
    func boundedDuplicateSearch() async throws {
        try await TestStack.with { stack in
            let db = try await stack.ownerConnection()
            try await MigrationRunner(logger: Self.logger).migrate(db)
            var rows = ""
            // 600 open streetlight cases at one address, one a minute, the newest last.
            for i in 0..<600 {
                rows += Self.caseRow(String(format: "HOT-2026-%06d", i), text: "Streetlight out at 25 N Stone Ave", place: "25 N Stone Ave",
                                     lat: Self.hotSpot.lat, lon: Self.hotSpot.lon, category: "streetlight", openedSecondsAgo: 86_400 + (600 - i) * 60)
            }
            // The city around it: open cases of other kinds at the same spot, closed ones, and open ones elsewhere.
            for i in 0..<3000 {
                let lat = 32.10 + Double(i % 60) * 0.004, lon = -111.05 + Double(i / 60) * 0.004
                rows += Self.caseRow(String(format: "CTY-2026-%06d", i), status: i % 3 == 0 ? "closed" : "open", text: "Pothole",
                                     place: "somewhere", lat: i % 10 == 0 ? Self.hotSpot.lat : lat, lon: i % 10 == 0 ? Self.hotSpot.lon : lon,
                                     category: i % 10 == 0 ? "pothole" : "streetlight", openedSecondsAgo: 3600 + i * 300)
            }
            #expect(try await Self.copyCases(db, rows) == 3600)
            try await db.query("ANALYZE cases")

            let search = CandidateSearch.rows(category: "streetlight", lat: Self.hotSpot.lat, lon: Self.hotSpot.lon, radiusM: 50,
                                              since: Date().addingTimeInterval(-30 * 86_400))
            let bound = CandidateSearch.perCell * search.count
            #expect(search.count <= 9, "a 50 m radius touches at most 3 × 3 cells")
            let found = try await db.query(CandidateSearch.sql(search), search.parameters)
            // The newest of the hot spot, no more; the other kinds and the closed ones never.
            let expected = Set((600 - CandidateSearch.perCell..<600).map { String(format: "HOT-2026-%06d", $0) })
            #expect(Set(found.rows.compactMap { $0[0] }) == expected)
            let read = try await Self.rowsRead(db, CandidateSearch.sql(search), search.parameters, table: "cases")
            #expect(read <= bound, "read \(read) rows of cases for one report; the bound is \(bound)")
            #expect(read >= CandidateSearch.perCell)
            await db.close()
        }
    }

    @Test("enrich loads 20,000 open cases a page at a time, each matchable; closed and old ones stay out")
    func openCaseLoaderLoadsALargeSet() async throws {
        try await TestStack.with { stack in
            let owner = try await stack.ownerConnection()
            try await MigrationRunner(logger: Self.logger).migrate(owner)
            func point(_ i: Int) -> GeoPoint { GeoPoint(lat: 32.05 + Double(i % 200) * 0.0025, lon: -111.10 + Double(i / 200) * 0.0025) }
            var rows = ""
            for i in 0..<20_000 {
                let p = point(i)
                rows += Self.caseRow(String(format: "TUC-2026-%06d", i + 1), text: "Streetlight out at \(i + 100) E Speedway Blvd",
                                     place: "\(i + 100) E Speedway Blvd", lat: p.lat, lon: p.lon, category: "streetlight",
                                     openedSecondsAgo: 3600 + i * 60)
            }
            // Closed, and open but older than any window: neither is a candidate.
            for i in 0..<1000 {
                let p = point(i)
                rows += Self.caseRow(String(format: "TUC-2025-%06d", i + 1), status: i % 2 == 0 ? "closed" : "open",
                                     text: "Streetlight out at \(i + 100) E Speedway Blvd", place: "\(i + 100) E Speedway Blvd",
                                     lat: p.lat + 0.0001, lon: p.lon, category: "streetlight",
                                     openedSecondsAgo: i % 2 == 0 ? 7200 : 400 * 86_400)
            }
            #expect(try await Self.copyCases(owner, rows) == 21_000)
            await owner.close()

            let enricher = CityEnricher(geocoder: try Geocoder.load(gazetteer: nil, geoDirectory: nil), remote: nil,
                                        triage: try TriageEngine(path: Paths.triageRules))
            let reader = try await PostgresConnection.connect(url: try stack.settings().readerDatabaseURL, logger: Self.logger)
            // 3,000 a page: seven pages, the last one short, boundaries inside runs of one second.
            let loaded = try await OpenCaseLoader.load(into: enricher, from: reader, logger: Self.logger, pageSize: 3000)
            await reader.close()
            #expect(loaded == 20_000)
            // Correctness is what this checks; the time with 100,000 open cases on a release build is
            // measured by `intake-bench throughput --history` (this is a debug build on a shared machine).

            // The first, a page's last and next, and the final case each take a report made at their place.
            for i in [0, 2999, 3000, 17_999, 19_999] {
                let p = point(i)
                let report = ContactEnvelope(id: "sms:SMload\(i)", channel: "sms", adapter: "twilio-sms",
                                             sender: Sender(kind: .phone, address: "+15205550100"), language: "en",
                                             text: "Streetlight out at \(i + 100) E Speedway Blvd",
                                             location: Location(lat: p.lat, lon: p.lon, source: .device))
                let dedup = await enricher.enrich(report).dedup
                #expect(dedup.verdict == .linked && dedup.caseRef == String(format: "TUC-2026-%06d", i + 1),
                        "case \(i): \(dedup.verdict) \(dedup.caseRef ?? "none")")
            }
        }
    }
}
