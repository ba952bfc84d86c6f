import Foundation

extension Geocoder {
    /// Builds the geocoder a deployment configures: `gazetteer` is the `INTAKE_GAZETTEER` value
    /// (address files separated by `:` or `,`; nil or empty = ZIP centroids only) and
    /// `geoDirectory` a directory shaped like `shared/data/geo/tucson/` (boundaries and the ZIP
    /// centroid file; nil = no jurisdictions).
    public static func load(gazetteer: String?, geoDirectory: String?, configuration: GeocoderConfiguration = .init()) throws -> Geocoder {
        let paths = (gazetteer ?? "").split(whereSeparator: { $0 == ":" || $0 == "," })
            .map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
        let g = paths.isEmpty ? nil
            : try Gazetteer.load(paths: paths, configuration: GazetteerConfiguration(houseNumberHyphen: configuration.houseNumberHyphen))
        var zips: ZipCentroids?
        var map: JurisdictionMap?
        if let dir = geoDirectory {
            map = try JurisdictionMap.load(directory: dir)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            if let file = names.sorted().first(where: { $0.hasSuffix(".csv") && $0.contains("zip_centroids") }) {
                zips = try ZipCentroids(path: (dir as NSString).appendingPathComponent(file))
            }
        }
        return Geocoder(gazetteer: g, zipCentroids: zips, jurisdictions: map, configuration: configuration)
    }
}
