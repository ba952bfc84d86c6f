import Foundation
import IntakeLocate

/// The rows of `boston311/boston311_2015.csv.gz` that the evaluations use.
struct BostonRecord: Sendable {
    var id: String
    var openedAt: Double
    var month: Int
    /// nil while the case is still open.
    var closedAt: Double?
    var closureReason: String
    var type: String
    var title: String
    var location: String
    var streetPart: String
    var zip: String
    var propertyType: String
    var point: GeoPoint
    /// The source geocode was (0, 0) and the city-hall default stands in for it.
    var isDefaultGeocode: Bool

    var isClosedAsDuplicate: Bool { closureReason.range(of: "duplicate", options: .caseInsensitive) != nil }
}

enum BostonRecords {
    /// Decompresses with `gzip -dc` (present on every Debian system) and parses the CSV.
    static func load(path: String) throws -> [BostonRecord] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exec gzip -dc \"$0\"", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw EvaluationError("gzip -dc \(path) failed with status \(process.terminationStatus)")
        }
        let table = CSVTable(bytes: [UInt8](data))
        func col(_ name: String) throws -> Int {
            guard let i = table.column(name) else { throw EvaluationError("\(path): no column \(name)") }
            return i
        }
        let id = try col("CASE_ENQUIRY_ID"), open = try col("OPEN_DT"), closed = try col("CLOSED_DT")
        let reason = try col("CLOSURE_REASON"), type = try col("TYPE"), title = try col("CASE_TITLE")
        let location = try col("Location"), street = try col("LOCATION_STREET_NAME"), zip = try col("LOCATION_ZIPCODE")
        let property = try col("Property_Type"), lat = try col("LATITUDE"), lon = try col("LONGITUDE")
        let isDefault = try col("geocode_is_default")
        var out: [BostonRecord] = []
        out.reserveCapacity(table.rows.count)
        for r in table.rows where r.count > isDefault {
            guard let opened = LocalTimestamp.seconds(r[open]), let y = Double(r[lat]), let x = Double(r[lon]) else { continue }
            out.append(BostonRecord(
                id: r[id], openedAt: opened, month: LocalTimestamp.month(r[open]) ?? 0,
                closedAt: LocalTimestamp.seconds(r[closed]), closureReason: r[reason], type: r[type], title: r[title],
                location: r[location], streetPart: r[street], zip: r[zip], propertyType: r[property],
                point: GeoPoint(lat: y, lon: x), isDefaultGeocode: r[isDefault] == "1"))
        }
        return out
    }
}

struct EvaluationError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// "2015-03-04T10:36:04" (local time, no offset) → seconds on a uniform scale; only differences
/// matter, so no time zone is applied.
enum LocalTimestamp {
    static func seconds(_ s: String) -> Double? {
        let u = Array(s.utf8)
        guard u.count >= 19 else { return nil }
        func num(_ a: Int, _ b: Int) -> Int? {
            var v = 0
            for i in a..<b {
                guard u[i] >= 0x30 && u[i] <= 0x39 else { return nil }
                v = v * 10 + Int(u[i] - 0x30)
            }
            return v
        }
        guard let y = num(0, 4), let m = num(5, 7), let d = num(8, 10),
              let hh = num(11, 13), let mm = num(14, 16), let ss = num(17, 19) else { return nil }
        // Days from civil (Howard Hinnant's algorithm).
        let yy = m <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return Double(days * 86_400 + hh * 3600 + mm * 60 + ss)
    }

    static func month(_ s: String) -> Int? {
        let u = Array(s.utf8.prefix(7))
        guard u.count == 7, let m = Int(String(decoding: u[5...6], as: UTF8.self)) else { return nil }
        return m
    }
}
