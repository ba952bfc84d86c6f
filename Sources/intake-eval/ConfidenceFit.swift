import Foundation
import IntakeCore
import IntakeLocate

/// Chooses the confidence table (`MatchConfidence`) on the calibration split: for every match
/// the gazetteer finds (as written and with each kind of resident noise), its evidence and
/// whether it lies within 50 m of the city's point. A base per way of finding the point and a
/// factor per doubt are scaled in turn until, for each of them, the predicted number within
/// 50 m equals the observed one (iterative proportional fitting of a multiplicative model); a
/// guess is kept no surer than what it guesses from, and a factor never raises confidence.
struct ConfidenceFit {
    struct Row {
        var evidence: MatchEvidence
        var within50: Bool
    }

    var rows: [Row] = []
    /// Fewer rows than this with a doubt: its factor stays as the current table has it.
    static let minimumRows = 30

    mutating func add(_ m: GazetteerMatch, truth: GeoPoint) {
        rows.append(Row(evidence: m.evidence, within50: m.point.distance(to: truth) <= 50))
    }

    func fit(startingFrom start: MatchConfidence, rounds: Int = 50) -> (MatchConfidence, bases: [Int], doubts: [Int]) {
        var model = start
        let bases = MatchEvidence.Basis.allCases.map { b in rows.count { $0.evidence.basis == b } }
        let doubts = MatchEvidence.Doubt.allCases.map { d in rows.count { $0.evidence.has(d) } }
        func predicted(_ e: MatchEvidence) -> Double {
            var c = model.base[e.basis.rawValue]
            for d in e.doubts { c *= model.factor[d.rawValue] }
            return c
        }
        for _ in 0..<rounds {
            for b in MatchEvidence.Basis.allCases where bases[b.rawValue] >= Self.minimumRows {
                let these = rows.filter { $0.evidence.basis == b }
                let observed = Double(these.count { $0.within50 }), expected = these.reduce(0) { $0 + predicted($1.evidence) }
                guard expected > 0 else { continue }
                model.base[b.rawValue] = min(0.99, max(0.02, model.base[b.rawValue] * observed / expected))
            }
            // A guess never outranks what it guesses from: an interpolated number is no surer
            // than an exact one, the nearest number no surer than an interpolated one, a derived
            // crossing no surer than a listed one.
            for (lower, upper) in [(MatchEvidence.Basis.interpolatedNumber, MatchEvidence.Basis.exactNumber),
                                   (.nearestNumber, .interpolatedNumber), (.derivedCrossing, .listedCrossing)] {
                model.base[lower.rawValue] = min(model.base[lower.rawValue], model.base[upper.rawValue])
            }
            for d in MatchEvidence.Doubt.allCases where doubts[d.rawValue] >= Self.minimumRows {
                let these = rows.filter { $0.evidence.has(d) }
                let observed = Double(these.count { $0.within50 }), expected = these.reduce(0) { $0 + predicted($1.evidence) }
                guard expected > 0 else { continue }
                model.factor[d.rawValue] = min(1, max(0.02, model.factor[d.rawValue] * observed / expected))
            }
        }
        return (model, bases, doubts)
    }

    func report(startingFrom start: MatchConfidence) {
        let (model, bases, doubts) = fit(startingFrom: start)
        let within = rows.count { $0.within50 }
        print("Confidence table fitted on \(rows.count) matches (\(Measurement.percent(within, rows.count)) within 50 m)")
        print("  base                      rows   within 50 m   fitted")
        for b in MatchEvidence.Basis.allCases {
            let these = rows.filter { $0.evidence.basis == b }
            print(String(format: "  %@ %7d   %9@   %6.3f", b.name.padding(toLength: 22, withPad: " ", startingAt: 0), bases[b.rawValue],
                         Measurement.percent(these.count { $0.within50 }, these.count), model.base[b.rawValue]))
        }
        print("  factor                    rows   within 50 m   fitted")
        for d in MatchEvidence.Doubt.allCases {
            let these = rows.filter { $0.evidence.has(d) }
            print(String(format: "  %@ %7d   %9@   %6.3f%@", d.name.padding(toLength: 22, withPad: " ", startingAt: 0), doubts[d.rawValue],
                         Measurement.percent(these.count { $0.within50 }, these.count), model.factor[d.rawValue],
                         doubts[d.rawValue] < Self.minimumRows ? "  (too few rows: kept)" : ""))
        }
        print("")
        print("As Swift (MatchConfidence.boston2015):")
        print("        base: [" + MatchEvidence.Basis.allCases.map { String(format: ".%@: %.3f", $0.name, model.base[$0.rawValue]) }.joined(separator: ", ") + "],")
        print("        factor: [" + MatchEvidence.Doubt.allCases.map { String(format: ".%@: %.3f", $0.name, model.factor[$0.rawValue]) }.joined(separator: ", ") + "]")
    }
}
