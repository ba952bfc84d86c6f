import Foundation

/// The parts of Nominatim and Pelias answers the geocoder uses.
enum RemoteAnswers {
    /// Nominatim `format=jsonv2`: an array of places; lat/lon are strings.
    struct NominatimPlace: Decodable {
        var lat: String
        var lon: String
        var display_name: String?
    }

    /// Pelias: a GeoJSON FeatureCollection; coordinates are [lon, lat].
    struct PeliasCollection: Decodable {
        struct Feature: Decodable {
            struct Geometry: Decodable { var coordinates: [Double] }
            struct Properties: Decodable {
                var label: String?
                var confidence: Double?
            }
            var geometry: Geometry
            var properties: Properties?
        }
        var features: [Feature]
    }

    static func nominatim(_ data: Data, confidence: Double) throws -> (GeoPoint, String?, Double)? {
        let places = try JSONDecoder().decode([NominatimPlace].self, from: data)
        guard let first = places.first, let lat = Double(first.lat), let lon = Double(first.lon) else { return nil }
        return (GeoPoint(lat: lat, lon: lon), first.display_name, confidence)
    }

    static func pelias(_ data: Data) throws -> (GeoPoint, String?, Double)? {
        let collection = try JSONDecoder().decode(PeliasCollection.self, from: data)
        guard let first = collection.features.first, first.geometry.coordinates.count >= 2 else { return nil }
        let c = first.geometry.coordinates
        return (GeoPoint(lat: c[1], lon: c[0]), first.properties?.label, first.properties?.confidence ?? 0.6)
    }
}
