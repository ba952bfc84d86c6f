import Foundation
import IntakeStore
import Logging

/// A city's past, written into the database with COPY before a run: `total` cases of the last
/// three years, one contact and one `created` event each, `open` of them still open (opened in
/// the last four weeks, inside every duplicate window, so enrich loads them all at start), placed
/// and classified as the city model's records are, and `perHotSpot` open cases at each hot spot.
/// The case counter is left at the last number used, as the writer would have left it.
struct HistoryFill {
    let city: CityModel
    let total: Int
    let open: Int
    let perHotSpot: Int
    var prefix = "TUC"
    var timeZone = TimeZone(identifier: "America/Phoenix")!
    /// Cases per COPY transaction (and per progress line).
    var chunk = 25_000

    struct Summary {
        var cases: Int
        var open: Int
        var hotSpots: [(address: String, category: String, open: Int)]
        var seconds: Double
        var vacuumSeconds: Double
    }

    static let historySalt: UInt64 = 0x4157_0121

    func run(db: PostgresConnection) async throws -> Summary {
        let (prefix, total, chunk, city) = (self.prefix, self.total, self.chunk, self.city)
        let start = ContinuousClock.now
        let now = Int(Date().timeIntervalSince1970)
        let closed = max(0, total - open)
        let closedFrom = now - 3 * 365 * 86_400, closedTo = now - 31 * 86_400
        let openFrom = now - 28 * 86_400, openTo = now - 3600
        let hotTotal = min(open, perHotSpot * city.hotSpots.count)
        let hotStride = hotTotal > 0 ? max(1, open / hotTotal) : Int.max
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let cal = calendar

        // Numbers follow whatever the counter holds already (an earlier phase's cases).
        var last: [Int: Int] = [:]
        for r in try await db.query("SELECT year, last_value FROM case_counters WHERE prefix = $1", [prefix]).rows {
            if let y = r[0].flatMap(Int.init), let v = r[1].flatMap(Int.init) { last[y] = v }
        }
        var hotOpen = [Int](repeating: 0, count: city.hotSpots.count)
        var first = 0
        while first < total {
            let count = min(chunk, total - first)
            let begin = first
            let (lastSoFar, hotSoFar) = (last, hotOpen)
            let result = try await db.withSession { s -> (numbers: [Int: Int], hot: [Int]) in
                var numbers = lastSoFar
                var hot = hotSoFar
                var cases = CopyText(), contacts = CopyText(), events = CopyText()
                for i in begin..<begin + count {
                    let isOpen = i >= closed
                    let j = i - closed
                    let opened = isOpen ? openFrom + Int(Double(j) * Double(openTo - openFrom) / Double(max(1, total - closed)))
                                        : closedFrom + Int(Double(i) * Double(closedTo - closedFrom) / Double(max(1, closed)))
                    let place: CityModel.Place, category: CityModel.Category
                    if isOpen, j % hotStride == 0, j / hotStride < hotTotal {
                        let h = (j / hotStride) % city.hotSpots.count
                        place = city.places[city.hotSpots[h].place]
                        category = city.hotSpots[h].category
                        hot[h] += 1
                    } else {
                        let drawn = city.sample(i, salt: Self.historySalt, hot: false)
                        place = drawn.place
                        category = drawn.category
                    }
                    let year = cal.component(.year, from: Date(timeIntervalSince1970: TimeInterval(opened)))
                    let n = (numbers[year] ?? 0) + 1
                    numbers[year] = n
                    let ref = "\(prefix)-\(year)-\(n < 1_000_000 ? String(format: "%06d", n) : String(n))"
                    let spanish = i % 7 == 3
                    let text = String(format: spanish ? category.texts.es : category.texts.en, place.address)
                    let language = spanish ? "es" : "en"
                    let status = isOpen ? (i % 5 == 0 ? "in_progress" : "open") : "closed"
                    let openedText = Timestamp.text(opened)
                    let closedAt: String? = isOpen ? nil : Timestamp.text(opened + 3600 * (1 + i % 240))
                    // ref, status, channel, language, description, location_text, lat, lon, geo_method, geo_confidence,
                    // category, priority, emergency, jurisdiction, contact_count, opened_at, created_at, updated_at, closed_at
                    cases.row([ref, status, "sms", language, text, place.address, String(place.lat), String(place.lon), "address", "0.9",
                               category.rawValue, "normal", "f", "Tucson", "1", openedText, openedText, closedAt ?? openedText, closedAt])
                    let id = "hist:\(i)"
                    let phone = "+1520" + String(format: "%07d", (i &* 7919) % 10_000_000)
                    let envelope = """
                        {"schema":"intake.contact/1","id":"\(id)","channel":"sms","adapter":"twilio-sms","external_id":"\(id)",\
                        "received_at":"\(openedText)","sender":{"kind":"phone","address":"\(phone)"},"conversation":"sms:\(phone)",\
                        "language":"\(language)","text":"\(text)","location":{"text":"\(place.address)","source":"resident"}}
                        """
                    // id, revision, case_ref, channel, adapter, external_id, received_at, committed_at, sender_kind,
                    // sender_address, language, text, dedup_verdict, envelope
                    contacts.row([id, "1", ref, "sms", "twilio-sms", id, openedText, openedText, "phone", phone, language, text, "new", envelope])
                    events.row([ref, "created", id, openedText])
                }
                try s.execute("BEGIN")
                try s.copyIn("""
                    COPY cases (ref, status, channel, language, description, location_text, lat, lon, geo_method, geo_confidence,
                                category, priority, emergency, jurisdiction, contact_count, opened_at, created_at, updated_at, closed_at)
                    FROM STDIN
                    """, data: cases.bytes)
                try s.copyIn("""
                    COPY contacts (id, revision, case_ref, channel, adapter, external_id, received_at, committed_at, sender_kind,
                                   sender_address, language, text, dedup_verdict, envelope)
                    FROM STDIN
                    """, data: contacts.bytes)
                try s.copyIn("COPY case_events (case_ref, kind, contact_id, at) FROM STDIN", data: events.bytes)
                try s.execute("COMMIT")
                return (numbers, hot)
            }
            last = result.numbers
            hotOpen = result.hot
            first += count
            let seconds = (ContinuousClock.now - start) / .seconds(1)
            log(String(format: "history: %d of %d cases written (%.0f s, %.0f cases/s)", first, total, seconds, Double(first) / seconds))
        }
        // The counter as the writer would have left it: the next case is the one after the last.
        for (year, value) in last.sorted(by: { $0.key < $1.key }) {
            try await db.query("""
                INSERT INTO case_counters (prefix, year, last_value) VALUES ($1, $2::int, $3::bigint)
                ON CONFLICT (prefix, year) DO UPDATE SET last_value = greatest(case_counters.last_value, EXCLUDED.last_value)
                """, [prefix, String(year), String(value)])
        }
        let written = ContinuousClock.now
        log("history: VACUUM ANALYZE")
        try await db.query("VACUUM (ANALYZE) cases")
        try await db.query("VACUUM (ANALYZE) contacts")
        try await db.query("VACUUM (ANALYZE) case_events")
        let end = ContinuousClock.now
        return Summary(cases: total, open: min(open, total),
                       hotSpots: city.hotSpots.enumerated().map { (city.places[$0.element.place].address, $0.element.category.rawValue, hotOpen[$0.offset]) },
                       seconds: (written - start) / .seconds(1), vacuumSeconds: (end - written) / .seconds(1))
    }
}

/// Rows in COPY's text format.
struct CopyText {
    private(set) var bytes: [UInt8] = []

    mutating func row(_ values: [String?]) {
        for (i, v) in values.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: "\t")) }
            guard let v else {
                bytes += [UInt8(ascii: "\\"), UInt8(ascii: "N")]
                continue
            }
            for b in v.utf8 {
                switch b {
                case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
                case UInt8(ascii: "\t"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
                case UInt8(ascii: "\n"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
                case UInt8(ascii: "\r"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
                default: bytes.append(b)
                }
            }
        }
        bytes.append(UInt8(ascii: "\n"))
    }
}

/// `2026-11-30 17:04:05+00` from seconds since 1970, without a formatter per row.
enum Timestamp {
    static func text(_ epoch: Int) -> String {
        let days = epoch >= 0 ? epoch / 86_400 : (epoch - 86_399) / 86_400
        let secs = epoch - days * 86_400
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d+00", y, m, d, secs / 3600, secs % 3600 / 60, secs % 60)
    }
}
