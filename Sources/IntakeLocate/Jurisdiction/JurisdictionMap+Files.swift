import Foundation

extension JurisdictionMap {
    /// Loads a directory shaped like `shared/data/geo/tucson/`, recognising its files by name:
    /// - `*places*.geojson`: TIGER PLACE polygons (NAME, CLASSFP); the city-limits file
    ///   (`*city_limits*.geojson`) is used when no places file is present.
    /// - `*neighborhood*.geojson`: neighbourhood associations (NAME, WARD).
    /// - `*county*.geojson`: the county boundary, if the deployment has it.
    /// - `*zip_centroids*.csv`: the county's ZIP centroids, used for the county test when there is
    ///   no county boundary.
    public static func load(directory: String, configuration: JurisdictionConfiguration = .init()) throws -> JurisdictionMap {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        func path(_ pick: (String) -> Bool) -> String? {
            names.first(where: pick).map { (directory as NSString).appendingPathComponent($0) }
        }
        let placesPath = path { $0.hasSuffix(".geojson") && $0.contains("places") }
            ?? path { $0.hasSuffix(".geojson") && $0.contains("city_limits") }
        guard let placesPath else {
            throw AddressFileError(path: directory, reason: "no places or city-limits GeoJSON file")
        }
        let places = try GeoJSONFeatures(path: placesPath).features.map { f in
            Place(
                name: f.string("NAME") ?? f.string("name") ?? "?",
                incorporated: (f.string("CLASSFP") ?? "C").hasPrefix("C"), polygon: f.polygon)
        }
        var neighborhoods: [Neighborhood] = []
        if let p = path({ $0.hasSuffix(".geojson") && $0.contains("neighborhood") }) {
            neighborhoods = try GeoJSONFeatures(path: p).features.map { f in
                Neighborhood(name: f.string("NAME") ?? f.string("name") ?? "?", ward: f.string("WARD") ?? f.string("ward"), polygon: f.polygon)
            }
        }
        var county = County.none
        if let p = path({ $0.hasSuffix(".geojson") && $0.lowercased().contains("county") }) {
            county = .polygons(try GeoJSONFeatures(path: p).features.map(\.polygon))
        } else if let p = path({ $0.hasSuffix(".csv") && $0.contains("zip_centroids") }) {
            county = .zipCentroids(try ZipCentroids(path: p).entries.values.map(\.point))
        }
        return JurisdictionMap(places: places, neighborhoods: neighborhoods, county: county, configuration: configuration)
    }
}
