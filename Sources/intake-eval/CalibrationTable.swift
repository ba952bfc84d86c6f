import Foundation
import IntakeCore
import IntakeLocate

/// Confidence bands against the city's own coordinates: what a confidence is worth. A ZIP-centroid
/// answer (the text's ZIP, when nothing better was accepted) and an unmatched result are counted
/// in rows of their own, with the distance of the candidate they kept (if any).
struct CalibrationTable {
    struct Band {
        var label: String
        var low: Double
        var high: Double
        var count = 0, within50 = 0, within250 = 0
    }

    static let edges: [(String, Double, Double)] = [
        ("[0.95, 1]", 0.95, 1.01), ("[0.9, 0.95)", 0.9, 0.95), ("[0.8, 0.9)", 0.8, 0.9),
        ("[0.6, 0.8)", 0.6, 0.8), ("< 0.6", -1, 0.6),
    ]

    var bands: [Band] = edges.map { Band(label: $0.0, low: $0.1, high: $0.2) }
    var zipCentroid = Band(label: "ZIP centroid", low: 0, high: 0)
    var zipCentroidWithCandidate = 0
    var unmatched = Band(label: "unmatched", low: 0, high: 0)
    var unmatchedWithCandidate = 0
    var total = 0

    init(results: [GeoResult], truth: [BostonRecord]) {
        total = results.count
        for (r, t) in zip(results, truth) {
            if r.method == .unmatched || r.method == .zipCentroid {
                let zip = r.method == .zipCentroid
                if zip { zipCentroid.count += 1 } else { unmatched.count += 1 }
                guard let c = r.candidate else { continue }
                let d = GeoPoint(lat: c.lat, lon: c.lon).distance(to: t.point)
                if zip {
                    zipCentroidWithCandidate += 1
                    Self.count(d, into: &zipCentroid)
                } else {
                    unmatchedWithCandidate += 1
                    Self.count(d, into: &unmatched)
                }
                continue
            }
            guard let lat = r.lat, let lon = r.lon,
                  let i = bands.firstIndex(where: { r.confidence >= $0.low && r.confidence < $0.high }) else { continue }
            bands[i].count += 1
            Self.count(GeoPoint(lat: lat, lon: lon).distance(to: t.point), into: &bands[i])
        }
    }

    private static func count(_ d: Double, into band: inout Band) {
        if d <= 50 { band.within50 += 1 }
        if d <= 250 { band.within250 += 1 }
    }

    /// Rows answered with confidence ≥ `threshold`, and their share within 50 m.
    func atLeast(_ threshold: Double) -> (count: Int, within50: Int) {
        bands.filter { $0.low >= threshold }.reduce((0, 0)) { ($0.0 + $1.count, $0.1 + $1.within50) }
    }

    func print(indent: String = "    ") {
        Swift.print("\(indent)confidence       rows    share   within 50 m  within 250 m")
        for b in bands + [zipCentroid, unmatched] {
            let label = b.label == "unmatched" || b.label == "ZIP centroid" ? b.label + "*" : b.label
            let whole = b.label == "unmatched" ? unmatchedWithCandidate : b.label == "ZIP centroid" ? zipCentroidWithCandidate : b.count
            Swift.print(String(
                format: "\(indent)%@ %7d  %6.1f %%  ", label.padding(toLength: 14, withPad: " ", startingAt: 0),
                b.count, total == 0 ? 0 : 100 * Double(b.count) / Double(total))
                + Self.pad(Self.share(b.within50, whole), 11) + "  " + Self.pad(Self.share(b.within250, whole), 12))
        }
        let high = atLeast(0.8)
        Swift.print("\(indent)≥ 0.8 together: \(high.count) rows, \(Measurement.percent(high.within50, high.count)) within 50 m;"
            + " * ZIP centroid, unmatched: \(zipCentroidWithCandidate), \(unmatchedWithCandidate) kept a candidate;"
            + " their shares are of the candidates")
    }

    private static func pad(_ s: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - s.count)) + s
    }

    private static func share(_ part: Int, _ whole: Int) -> String {
        whole == 0 ? "n/a" : String(format: "%.1f %%", 100 * Double(part) / Double(whole))
    }
}
