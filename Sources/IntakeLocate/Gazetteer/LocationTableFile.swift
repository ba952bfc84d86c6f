import Foundation

/// Reads the location-table form of a gazetteer, as in
/// `boston311/boston_2015_locations_derived.csv`:
/// `location,location_street_name,zip,property_type,lat,lon,n_requests,...`, where `location` is
/// the city's full string ("29 Hereford St  Boston  MA  02115", or
/// "INTERSECTION of X & Y  Boston  MA") with parts separated by two spaces, and
/// `location_street_name` is "29 Hereford St" or "INTERSECTION X & Y".
public enum LocationTableFile {
    /// One row of such a table.
    public struct Row: Sendable {
        public var location: String
        public var streetPart: String
        public var zip: String?
        public var point: GeoPoint
        public var weight: Int

        public init(location: String, streetPart: String, zip: String?, point: GeoPoint, weight: Int) {
            self.location = location
            self.streetPart = streetPart
            self.zip = zip
            self.point = point
            self.weight = weight
        }
    }

    /// Address points and listed crossings from rows.
    public static func records(rows: [Row]) -> (addresses: [AddressRecord], intersections: [IntersectionRecord]) {
        var addresses: [AddressRecord] = []
        var intersections: [IntersectionRecord] = []
        for row in rows {
            let parts = row.location.components(separatedBy: "  ").map(\.trimmingSpaces).filter { !$0.isEmpty }
            let city = parts.count > 1 ? parts[1] : nil
            var streetPart = row.streetPart.trimmingSpaces
            if streetPart.isEmpty, let first = parts.first { streetPart = first }
            if let crossing = intersectionStreets(streetPart) {
                intersections.append(IntersectionRecord(
                    streetA: crossing.0, streetB: crossing.1, city: city, zip: row.zip, point: row.point, weight: row.weight))
                continue
            }
            let words = streetPart.split(separator: " ", maxSplits: 1)
            if words.count == 2, HouseNumber(token: FoldedText.key(String(words[0]))) != nil {
                addresses.append(AddressRecord(
                    number: String(words[0]), street: String(words[1]), city: city, zip: row.zip,
                    point: row.point, weight: row.weight))
            } else if !streetPart.isEmpty {
                addresses.append(AddressRecord(number: nil, street: streetPart, city: city, zip: row.zip, point: row.point, weight: row.weight))
            }
        }
        return (addresses, intersections)
    }

    /// "INTERSECTION X & Y" or "INTERSECTION of X & Y" → (X, Y).
    static func intersectionStreets(_ s: String) -> (String, String)? {
        guard s.uppercased().hasPrefix("INTERSECTION") else { return nil }
        var rest = s.dropFirst("INTERSECTION".count).drop { $0 == " " }
        if rest.lowercased().hasPrefix("of ") { rest = rest.dropFirst(3) }
        let sides = rest.components(separatedBy: " & ")
        guard sides.count == 2 else { return nil }
        let a = sides[0].trimmingSpaces, b = sides[1].trimmingSpaces
        return a.isEmpty || b.isEmpty ? nil : (a, b)
    }

    public static func rows(csv table: CSVTable) throws -> [Row] {
        guard let location = table.column("location"), let lat = table.column("lat"), let lon = table.column("lon") else {
            throw AddressFileError(path: "", reason: "not a location table (needs location, lat, lon)")
        }
        let street = table.column("location_street_name"), zip = table.column("zip"), weight = table.column("n_requests")
        return table.rows.compactMap { row in
            guard let y = Double(row.field(lat)), let x = Double(row.field(lon)) else { return nil }
            let z = row.field(zip).trimmingSpaces
            return Row(
                location: row.field(location), streetPart: row.field(street), zip: z.isEmpty ? nil : z,
                point: GeoPoint(lat: y, lon: x), weight: Int(row.field(weight)) ?? 1)
        }
    }

    public static func records(path: String) throws -> (addresses: [AddressRecord], intersections: [IntersectionRecord]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AddressFileError(path: path, reason: "cannot read the file")
        }
        do {
            return records(rows: try rows(csv: CSVTable(bytes: [UInt8](data))))
        } catch let e as AddressFileError {
            throw AddressFileError(path: path, reason: e.reason)
        }
    }
}
