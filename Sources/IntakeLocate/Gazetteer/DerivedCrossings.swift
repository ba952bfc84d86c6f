/// Derives where two streets cross from where their points come closest.
///
/// A gazetteer of address points has no street lines, but the corner lots of two crossing
/// streets stand a few tens of metres apart. Points go into a grid of cells as wide as the
/// largest gap allowed; each point is compared with the points of other streets in its own and
/// the eight neighbouring cells, and each street pair keeps its closest pair of points. The
/// crossing is the midpoint of that pair.
enum DerivedCrossings {
    struct Sample {
        var street: Int32
        var point: GeoPoint
        var zip: Int32
        var city: Int32
    }

    static func build(samples: [Sample], maxGapM: Double) -> [UInt64: Crossing] {
        guard let first = samples.first else { return [:] }
        let projection = LocalProjection(referenceLatitude: first.point.lat)
        var cells: [GridCell: [Int32]] = [:]
        var xy: [(Double, Double)] = []
        xy.reserveCapacity(samples.count)
        for (i, s) in samples.enumerated() {
            let p = projection.project(s.point)
            xy.append((p.x, p.y))
            cells[GridCell(x: p.x, y: p.y, size: maxGapM), default: []].append(Int32(i))
        }
        let limit2 = maxGapM * maxGapM
        var best: [UInt64: (d2: Double, a: Int32, b: Int32)] = [:]
        for (cell, members) in cells {
            for dx: Int32 in -1...1 {
                for dy: Int32 in -1...1 {
                    guard let others = cells[GridCell(x: cell.x &+ dx, y: cell.y &+ dy)] else { continue }
                    for i in members {
                        let si = samples[Int(i)]
                        let (xi, yi) = xy[Int(i)]
                        for j in others where samples[Int(j)].street > si.street {
                            let (xj, yj) = xy[Int(j)]
                            let d2 = (xi - xj) * (xi - xj) + (yi - yj) * (yi - yj)
                            guard d2 <= limit2 else { continue }
                            let key = crossingKey(si.street, samples[Int(j)].street)
                            if let current = best[key], current.d2 <= d2 { continue }
                            best[key] = (d2, i, j)
                        }
                    }
                }
            }
        }
        var result: [UInt64: Crossing] = [:]
        result.reserveCapacity(best.count)
        for (key, pair) in best {
            let a = samples[Int(pair.a)]
            let b = samples[Int(pair.b)]
            result[key] = Crossing(
                point: a.point.midpoint(b.point), zip: a.zip >= 0 ? a.zip : b.zip,
                city: a.city >= 0 ? a.city : b.city, weight: 1, gapM: Float(pair.d2.squareRoot()))
        }
        return result
    }
}
