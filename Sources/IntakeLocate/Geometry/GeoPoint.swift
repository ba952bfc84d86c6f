/// A WGS84 position in decimal degrees.
public struct GeoPoint: Sendable, Hashable, Codable {
    public var lat: Double
    public var lon: Double

    public init(lat: Double, lon: Double) {
        self.lat = lat
        self.lon = lon
    }

    /// Mean Earth radius (IUGG), metres.
    public static let earthRadiusM = 6_371_008.8

    /// Great-circle distance in metres (haversine): exact enough at city scale and cheap.
    public func distance(to other: GeoPoint) -> Double {
        let rad = Double.pi / 180
        let dLat = (other.lat - lat) * rad
        let dLon = (other.lon - lon) * rad
        let s1 = sin(dLat / 2)
        let s2 = sin(dLon / 2)
        let a = s1 * s1 + cos(lat * rad) * cos(other.lat * rad) * s2 * s2
        return 2 * Self.earthRadiusM * asin(min(1, a.squareRoot()))
    }

    /// The point halfway between two close points (fine for the metres that separate them).
    public func midpoint(_ other: GeoPoint) -> GeoPoint {
        GeoPoint(lat: (lat + other.lat) / 2, lon: (lon + other.lon) / 2)
    }

    /// Whether both coordinates are finite and in range.
    public var isValid: Bool {
        lat.isFinite && lon.isFinite && abs(lat) <= 90 && abs(lon) <= 180
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
