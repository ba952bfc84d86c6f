import Foundation
import OpenAPIRuntime

/// GeoReport v2 dates: W3C date-times with a zone (`Z` or `±HH:MM`). Read with or without
/// fractional seconds; written in the city's time zone, to the second.
struct Open311Dates: DateTranscoder {
    let timeZone: TimeZone

    func encode(_ date: Date) throws -> String {
        let f = ISO8601DateFormatter()
        f.timeZone = timeZone
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }

    func decode(_ raw: String) throws -> Date {
        // RFC 3339 allows a lowercase t and z.
        let text = raw.uppercased()
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: text) { return d }
        f.formatOptions = [.withInternetDateTime]
        if let d = f.date(from: text) { return d }
        throw Open311Failure.badRequest("\(raw) is not a date-time such as 2026-05-01T08:00:00-07:00")
    }
}
