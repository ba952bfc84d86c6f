import Foundation
import IntakeCore

/// Polygon features of a GeoJSON FeatureCollection, with their properties. Other geometry types
/// are skipped: boundaries are areas.
struct GeoJSONFeatures {
    struct Feature {
        var properties: [String: JSONValue]
        var polygon: Polygon

        func string(_ key: String) -> String? {
            switch properties[key] {
            case .string(let s)?: s
            case .number(let n)?: n == n.rounded() ? String(Int(n)) : String(n)
            default: nil
            }
        }
    }

    var features: [Feature]

    init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AddressFileError(path: path, reason: "cannot read the file")
        }
        do {
            self.features = try Self.decode(data)
        } catch {
            throw AddressFileError(path: path, reason: "not a GeoJSON FeatureCollection of polygons: \(error)")
        }
    }

    init(data: Data) throws {
        self.features = try Self.decode(data)
    }

    private static func decode(_ data: Data) throws -> [Feature] {
        let collection = try JSONDecoder().decode(Collection.self, from: data)
        return collection.features.compactMap { f in
            guard let g = f.geometry, !g.parts.isEmpty else { return nil }
            return Feature(properties: f.properties ?? [:], polygon: Polygon(parts: g.parts))
        }
    }

    private struct Collection: Decodable {
        var features: [RawFeature]
    }

    private struct RawFeature: Decodable {
        var properties: [String: JSONValue]?
        var geometry: Geometry?
    }

    private struct Geometry: Decodable {
        var parts: [[[GeoPoint]]]

        enum CodingKeys: String, CodingKey { case type, coordinates }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            switch try c.decode(String.self, forKey: .type) {
            case "Polygon":
                parts = [try c.decode([[[Double]]].self, forKey: .coordinates).map(Self.ring)]
            case "MultiPolygon":
                parts = try c.decode([[[[Double]]]].self, forKey: .coordinates).map { $0.map(Self.ring) }
            default:
                parts = []
            }
        }

        static func ring(_ coords: [[Double]]) -> [GeoPoint] {
            coords.compactMap { $0.count >= 2 ? GeoPoint(lat: $0[1], lon: $0[0]) : nil }
        }
    }
}
