import Foundation

/// ZIP code → centre point: the geocoder's last resort when only a ZIP is known.
public struct ZipCentroids: Sendable {
    public struct Entry: Sendable, Equatable {
        public var zip: String
        public var city: String?
        public var point: GeoPoint

        public init(zip: String, city: String?, point: GeoPoint) {
            self.zip = zip
            self.city = city
            self.point = point
        }
    }

    public let entries: [String: Entry]

    public init(entries: [Entry]) {
        var map: [String: Entry] = [:]
        for e in entries { map[e.zip] = e }
        self.entries = map
    }

    public subscript(zip: String) -> Entry? { entries[zip] }

    /// City names the file knows (for recognising "…, Tucson AZ" at the end of an address),
    /// including its `acceptable_cities` column when present.
    public private(set) var cityNames: Set<String> = []

    /// Reads a CSV with `zip`, `lat`, `lon` and optionally `city` and `acceptable_cities` columns,
    /// as `geo/tucson/pima_county_zip_centroids.csv`.
    public init(csv table: CSVTable) throws {
        guard let zip = table.column("zip"), let lat = table.column("lat"), let lon = table.column("lon") else {
            throw AddressFileError(path: "", reason: "a ZIP centroid file needs zip, lat and lon columns")
        }
        let city = table.column("city"), also = table.column("acceptable_cities")
        var list: [Entry] = []
        var names = Set<String>()
        for row in table.rows {
            guard let y = Double(row.field(lat)), let x = Double(row.field(lon)) else { continue }
            let c = row.field(city).trimmingSpaces
            list.append(Entry(zip: row.field(zip).trimmingSpaces, city: c.isEmpty ? nil : c, point: GeoPoint(lat: y, lon: x)))
            if !c.isEmpty { names.insert(c) }
            for other in row.field(also).split(whereSeparator: { $0 == ";" || $0 == "|" || $0 == "," }) {
                let o = String(other).trimmingSpaces
                if !o.isEmpty { names.insert(o) }
            }
        }
        self.init(entries: list)
        self.cityNames = names
    }

    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AddressFileError(path: path, reason: "cannot read the file")
        }
        do {
            try self.init(csv: CSVTable(bytes: [UInt8](data)))
        } catch let e as AddressFileError {
            throw AddressFileError(path: path, reason: e.reason)
        }
    }

    /// The entry nearest to a point, with its distance in metres.
    public func nearest(to p: GeoPoint) -> (entry: Entry, distanceM: Double)? {
        var best: (Entry, Double)?
        for e in entries.values {
            let d = p.distance(to: e.point)
            if best == nil || d < best!.1 { best = (e, d) }
        }
        return best
    }
}
