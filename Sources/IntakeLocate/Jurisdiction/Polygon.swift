/// A polygon in lon/lat degrees: an outer ring and any holes, or several such parts
/// (GeoJSON Polygon and MultiPolygon alike).
public struct Polygon: Sendable {
    /// Each ring as flat [lon0, lat0, lon1, lat1, …]; the first ring of each part is its outer
    /// boundary, the others its holes. Even–odd counting over all rings makes holes work without
    /// telling them apart.
    let rings: [[Double]]
    public let minLon: Double, minLat: Double, maxLon: Double, maxLat: Double
    private let bands: EdgeBands

    public init(parts: [[[GeoPoint]]]) {
        var rings: [[Double]] = []
        var minLon = Double.infinity, minLat = Double.infinity
        var maxLon = -Double.infinity, maxLat = -Double.infinity
        for part in parts {
            for ring in part where ring.count >= 3 {
                var flat: [Double] = []
                flat.reserveCapacity(ring.count * 2)
                for p in ring {
                    flat.append(p.lon)
                    flat.append(p.lat)
                    minLon = min(minLon, p.lon); maxLon = max(maxLon, p.lon)
                    minLat = min(minLat, p.lat); maxLat = max(maxLat, p.lat)
                }
                rings.append(flat)
            }
        }
        self.rings = rings
        self.minLon = minLon; self.minLat = minLat; self.maxLon = maxLon; self.maxLat = maxLat
        bands = EdgeBands(rings: rings, minLat: minLat, maxLat: maxLat)
    }

    @inline(__always)
    public func boundsContain(_ p: GeoPoint) -> Bool {
        p.lon >= minLon && p.lon <= maxLon && p.lat >= minLat && p.lat <= maxLat
    }

    /// Point in polygon by ray casting (even–odd), holes included.
    public func contains(_ p: GeoPoint) -> Bool {
        guard boundsContain(p) else { return false }
        return bands.contains(x: p.lon, y: p.lat)
    }

    /// `contains` over every edge, without the bands: what the bands must agree with.
    func containsScanningAllEdges(_ p: GeoPoint) -> Bool {
        guard boundsContain(p) else { return false }
        let x = p.lon, y = p.lat
        var inside = false
        for ring in rings {
            let n = ring.count / 2
            var j = n - 1
            for i in 0..<n {
                let xi = ring[2 * i], yi = ring[2 * i + 1]
                let xj = ring[2 * j], yj = ring[2 * j + 1]
                if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
                    inside.toggle()
                }
                j = i
            }
        }
        return inside
    }

    /// Area in square degrees of longitude × latitude (holes subtracted): only to compare
    /// polygons of one region, e.g. to prefer the smaller of two overlapping neighbourhoods.
    public var planarArea: Double {
        var total = 0.0
        for ring in rings {
            let n = ring.count / 2
            var s = 0.0
            var j = n - 1
            for i in 0..<n {
                s += ring[2 * j] * ring[2 * i + 1] - ring[2 * i] * ring[2 * j + 1]
                j = i
            }
            total += s / 2
        }
        return abs(total)
    }

    /// Distance in metres from a point to the nearest edge (0 inside).
    public func distance(from p: GeoPoint, projection: LocalProjection) -> Double {
        if contains(p) { return 0 }
        let (px, py) = projection.project(p)
        var best = Double.infinity
        for ring in rings {
            let n = ring.count / 2
            var j = n - 1
            for i in 0..<n {
                let (ax, ay) = projection.project(GeoPoint(lat: ring[2 * j + 1], lon: ring[2 * j]))
                let (bx, by) = projection.project(GeoPoint(lat: ring[2 * i + 1], lon: ring[2 * i]))
                let dx = bx - ax, dy = by - ay
                let len2 = dx * dx + dy * dy
                let t = len2 > 0 ? max(0, min(1, ((px - ax) * dx + (py - ay) * dy) / len2)) : 0
                let cx = ax + t * dx - px, cy = ay + t * dy - py
                best = min(best, (cx * cx + cy * cy).squareRoot())
                j = i
            }
        }
        return best
    }
}
