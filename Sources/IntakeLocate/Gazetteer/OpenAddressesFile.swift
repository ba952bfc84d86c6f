import Foundation

/// Reads address points in OpenAddresses CSV form:
/// `LON,LAT,NUMBER,STREET,UNIT,CITY,DISTRICT,REGION,POSTCODE,ID,HASH` (header names decide, not
/// the order; UNIT, DISTRICT, REGION, ID and HASH are not needed).
public enum OpenAddressesFile {
    public static func records(csv table: CSVTable) throws -> [AddressRecord] {
        guard let lon = table.column("LON"), let lat = table.column("LAT"), let street = table.column("STREET") else {
            throw AddressFileError(path: "", reason: "not an OpenAddresses CSV (needs LON, LAT, STREET)")
        }
        let number = table.column("NUMBER"), city = table.column("CITY"), zip = table.column("POSTCODE")
        var out: [AddressRecord] = []
        out.reserveCapacity(table.rows.count)
        for row in table.rows {
            guard let x = Double(row.field(lon)), let y = Double(row.field(lat)) else { continue }
            let s = row.field(street).trimmingSpaces
            guard !s.isEmpty else { continue }
            let n = row.field(number).trimmingSpaces
            let c = row.field(city).trimmingSpaces
            let z = row.field(zip).trimmingSpaces
            out.append(AddressRecord(
                number: n.isEmpty ? nil : n, street: s, city: c.isEmpty ? nil : c,
                zip: z.isEmpty ? nil : String(z.prefix(5)), point: GeoPoint(lat: y, lon: x)))
        }
        return out
    }

    public static func records(path: String) throws -> [AddressRecord] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AddressFileError(path: path, reason: "cannot read the file")
        }
        do {
            return try records(csv: CSVTable(bytes: [UInt8](data)))
        } catch let e as AddressFileError {
            throw AddressFileError(path: path, reason: e.reason)
        }
    }
}
