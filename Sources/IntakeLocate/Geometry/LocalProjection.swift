#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Equirectangular projection around a reference latitude: metres east and north.
///
/// Within a city (tens of kilometres) its distance error stays well under 1 %, which is all the
/// grid indexes and radius checks need, and it costs one multiplication per axis.
public struct LocalProjection: Sendable, Hashable {
    public let metresPerDegreeLat: Double
    public let metresPerDegreeLon: Double

    public init(referenceLatitude: Double) {
        let rad = Double.pi / 180
        metresPerDegreeLat = GeoPoint.earthRadiusM * rad
        metresPerDegreeLon = GeoPoint.earthRadiusM * rad * cos(referenceLatitude * rad)
    }

    /// (x east, y north) in metres from (0, 0).
    @inline(__always)
    public func project(_ p: GeoPoint) -> (x: Double, y: Double) {
        (p.lon * metresPerDegreeLon, p.lat * metresPerDegreeLat)
    }

    @inline(__always)
    public func distance(_ a: GeoPoint, _ b: GeoPoint) -> Double {
        let dx = (a.lon - b.lon) * metresPerDegreeLon
        let dy = (a.lat - b.lat) * metresPerDegreeLat
        return (dx * dx + dy * dy).squareRoot()
    }
}
