import Foundation
public import IntakeCore

/// Where reports are counted together: the neighbourhood enrich found, or else a square grid cell
/// of `SurgeRules.gridMetres` around the geocoded point.
public struct SurgeArea: Sendable, Hashable {
    /// Stable key: `neighborhood:<jurisdiction>/<name>` or `grid:<metres>:<row>:<column>`.
    public var key: String
    /// What an operator reads: the neighbourhood, or the cell's centre.
    public var label: String
    public var lat: Double?
    public var lon: Double?

    public init(key: String, label: String, lat: Double? = nil, lon: Double? = nil) {
        self.key = key
        self.label = label
        self.lat = lat
        self.lon = lon
    }

    /// Cells are laid out at one reference latitude so that every instance cuts the city alike.
    static let referenceLatitude = 32.2
    static let metresPerDegree = 111_320.0

    /// The area of a located contact, or nil when the place is too vague to count (unlocated, or
    /// only a ZIP centroid, which would lump a whole ZIP into one cell).
    public static func of(_ geo: GeoResult?, gridMetres: Double) -> SurgeArea? {
        guard let geo, geo.method != .unmatched, geo.method != .zipCentroid, let lat = geo.lat, let lon = geo.lon else { return nil }
        if let n = geo.neighborhood, !n.isEmpty {
            return SurgeArea(key: "neighborhood:\(geo.jurisdiction ?? "")/\(n)", label: n, lat: lat, lon: lon)
        }
        let side = max(50, gridMetres)
        let row = Int((lat * metresPerDegree / side).rounded(.down))
        let column = Int((lon * metresPerDegree * cos(referenceLatitude * .pi / 180) / side).rounded(.down))
        let centreLat = (Double(row) + 0.5) * side / metresPerDegree
        let centreLon = (Double(column) + 0.5) * side / (metresPerDegree * cos(referenceLatitude * .pi / 180))
        let label = String(format: "%.0f m cell at %.4f, %.4f", side, centreLat, centreLon)
        return SurgeArea(key: "grid:\(Int(side)):\(row):\(column)", label: label, lat: centreLat, lon: centreLon)
    }
}
