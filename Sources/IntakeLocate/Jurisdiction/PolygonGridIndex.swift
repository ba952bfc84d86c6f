/// Finds the polygons that may contain a point without testing them all: a grid of cells in
/// degrees, each listing the polygons whose bounding box touches it.
struct PolygonGridIndex: Sendable {
    private let cells: [GridCell: [Int32]]
    private let cellDegrees: Double

    init(polygons: [Polygon], cellDegrees: Double = 0.01) {
        self.cellDegrees = cellDegrees
        var cells: [GridCell: [Int32]] = [:]
        for (i, p) in polygons.enumerated() where p.minLon.isFinite {
            let x0 = Int32((p.minLon / cellDegrees).rounded(.down)), x1 = Int32((p.maxLon / cellDegrees).rounded(.down))
            let y0 = Int32((p.minLat / cellDegrees).rounded(.down)), y1 = Int32((p.maxLat / cellDegrees).rounded(.down))
            for x in x0...x1 {
                for y in y0...y1 { cells[GridCell(x: x, y: y), default: []].append(Int32(i)) }
            }
        }
        self.cells = cells
    }

    /// Polygons whose bounding box may hold the point.
    @inline(__always)
    func candidates(_ p: GeoPoint) -> [Int32] {
        cells[GridCell(x: p.lon, y: p.lat, size: cellDegrees)] ?? []
    }

    /// Polygons whose bounding box touches the square of ± `degrees` around the point.
    func candidates(_ p: GeoPoint, within degrees: Double) -> Set<Int32> {
        let x0 = Int32(((p.lon - degrees) / cellDegrees).rounded(.down)), x1 = Int32(((p.lon + degrees) / cellDegrees).rounded(.down))
        let y0 = Int32(((p.lat - degrees) / cellDegrees).rounded(.down)), y1 = Int32(((p.lat + degrees) / cellDegrees).rounded(.down))
        var out = Set<Int32>()
        for x in x0...x1 {
            for y in y0...y1 { out.formUnion(cells[GridCell(x: x, y: y)] ?? []) }
        }
        return out
    }
}
