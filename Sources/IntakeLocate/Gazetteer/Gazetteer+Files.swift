extension Gazetteer {
    /// Builds a gazetteer from one or more files, each in OpenAddresses or location-table form
    /// (told apart by their header). `INTAKE_GAZETTEER` holds such paths, separated by `:` or `,`.
    public static func load(paths: [String], configuration: GazetteerConfiguration = .init()) throws -> Gazetteer {
        var addresses: [AddressRecord] = []
        var intersections: [IntersectionRecord] = []
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw AddressFileError(path: path, reason: "cannot read the file")
            }
            let table = CSVTable(bytes: [UInt8](data))
            if table.column("location") != nil {
                let r = LocationTableFile.records(rows: try LocationTableFile.rows(csv: table))
                addresses += r.addresses
                intersections += r.intersections
            } else if table.column("LON") != nil {
                addresses += try OpenAddressesFile.records(csv: table)
            } else {
                throw AddressFileError(path: path, reason: "neither an OpenAddresses CSV nor a location table")
            }
        }
        return Gazetteer(addresses: addresses, intersections: intersections, configuration: configuration)
    }
}

import Foundation
