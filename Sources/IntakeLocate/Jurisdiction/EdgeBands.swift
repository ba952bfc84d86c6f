/// A polygon's edges sorted into horizontal bands, so that the ray-casting test reads only the
/// edges that span the point's latitude instead of every edge: a city boundary has thousands.
///
/// An edge is listed in every band its latitude range touches; the test for a point at latitude
/// `y` needs exactly the edges with `min(y0, y1) <= y < max(y0, y1)`, all of which lie in `y`'s band.
struct EdgeBands: Sendable {
    /// Per edge: x0, y0, x1, y1 (the ring's previous vertex, then the current one).
    private let edges: [Double]
    /// Edges of band b: `members[start[b] ..< start[b + 1]]`.
    private let start: [Int32]
    private let members: [Int32]
    private let minLat: Double
    private let bandHeight: Double

    init(rings: [[Double]], minLat: Double, maxLat: Double) {
        var edges: [Double] = []
        for ring in rings {
            let n = ring.count / 2
            var j = n - 1
            for i in 0..<n {
                edges += [ring[2 * j], ring[2 * j + 1], ring[2 * i], ring[2 * i + 1]]
                j = i
            }
        }
        let count = edges.count / 4
        // About four edges per band, at most 4,096 bands.
        let bands = max(1, min(4096, count / 4))
        let height = maxLat > minLat ? (maxLat - minLat) / Double(bands) : 1
        func band(_ y: Double) -> Int { min(bands - 1, max(0, Int(((y - minLat) / height).rounded(.down)))) }
        var counts = [Int32](repeating: 0, count: bands + 1)
        for e in 0..<count {
            let lo = band(min(edges[4 * e + 1], edges[4 * e + 3])), hi = band(max(edges[4 * e + 1], edges[4 * e + 3]))
            for b in lo...hi { counts[b + 1] += 1 }
        }
        for b in 0..<bands { counts[b + 1] += counts[b] }
        var fill = counts
        var members = [Int32](repeating: 0, count: Int(counts[bands]))
        for e in 0..<count {
            let lo = band(min(edges[4 * e + 1], edges[4 * e + 3])), hi = band(max(edges[4 * e + 1], edges[4 * e + 3]))
            for b in lo...hi {
                members[Int(fill[b])] = Int32(e)
                fill[b] += 1
            }
        }
        self.edges = edges
        self.start = counts
        self.members = members
        self.minLat = minLat
        self.bandHeight = height
    }

    /// Even–odd ray casting over the edges of the point's band (holes included, as every ring's
    /// edges are counted alike).
    func contains(x: Double, y: Double) -> Bool {
        let bands = start.count - 1
        let b = min(bands - 1, max(0, Int(((y - minLat) / bandHeight).rounded(.down))))
        var inside = false
        edges.withUnsafeBufferPointer { e in
            for k in Int(start[b])..<Int(start[b + 1]) {
                let m = 4 * Int(members[k])
                let xj = e[m], yj = e[m + 1], xi = e[m + 2], yi = e[m + 3]
                if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
                    inside.toggle()
                }
            }
        }
        return inside
    }
}
