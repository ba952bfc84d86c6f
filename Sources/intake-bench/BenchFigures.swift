import Foundation

/// A run's figures by name, each with its unit and which way is better, written as JSON
/// (`--json FILE`) so that two runs can be compared (`intake-bench compare`).
struct BenchFigures: Codable, Equatable {
    enum Better: String, Codable { case higher, lower }

    struct Figure: Codable, Equatable {
        var value: Double
        var unit: String
        var better: Better
    }

    var generatedAt: String
    var machine: String
    var figures: [String: Figure]

    init(generatedAt: String = ISO8601DateFormatter().string(from: Date()),
         machine: String = "\(ProcessInfo.processInfo.activeProcessorCount) cores", figures: [String: Figure] = [:]) {
        self.generatedAt = generatedAt
        self.machine = machine
        self.figures = figures
    }

    mutating func set(_ name: String, _ value: Double, _ unit: String, better: Better) {
        guard value.isFinite else { return }
        figures[name] = Figure(value: value, unit: unit, better: better)
    }

    func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: URL(fileURLWithPath: path))
    }

    static func read(from path: String) throws -> BenchFigures {
        try JSONDecoder().decode(BenchFigures.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }
}

/// Two runs' figures side by side: which got worse by more than the tolerance.
struct FigureComparison: Equatable {
    enum Verdict: String, Equatable { case same, better, worse, onlyOld = "only in old", onlyNew = "only in new" }

    struct Line: Equatable {
        var name: String
        var old: Double?
        var new: Double?
        var unit: String
        /// How much worse the new figure is, as a share of the old (negative: better).
        var worsening: Double?
        var verdict: Verdict
    }

    var lines: [Line]
    var tolerance: Double

    /// A figure missing from the new run counts as a regression (a figure that stops being
    /// measured hides one); a figure only in the new run does not.
    var regressions: [Line] { lines.filter { $0.verdict == .worse || $0.verdict == .onlyOld } }

    init(old: BenchFigures, new: BenchFigures, tolerance: Double = 0.10) {
        self.tolerance = tolerance
        var lines: [Line] = []
        for name in Set(old.figures.keys).union(new.figures.keys).sorted() {
            let o = old.figures[name], n = new.figures[name]
            guard let o else {
                lines.append(Line(name: name, old: nil, new: n!.value, unit: n!.unit, worsening: nil, verdict: .onlyNew))
                continue
            }
            guard let n else {
                lines.append(Line(name: name, old: o.value, new: nil, unit: o.unit, worsening: nil, verdict: .onlyOld))
                continue
            }
            let worsening: Double
            if o.value == 0 {
                worsening = n.value == 0 ? 0 : (o.better == .lower ? (n.value > 0 ? .infinity : -.infinity) : (n.value > 0 ? -.infinity : .infinity))
            } else {
                worsening = o.better == .higher ? (o.value - n.value) / abs(o.value) : (n.value - o.value) / abs(o.value)
            }
            let verdict: Verdict = worsening > tolerance ? .worse : (worsening < -tolerance ? .better : .same)
            lines.append(Line(name: name, old: o.value, new: n.value, unit: o.unit, worsening: worsening, verdict: verdict))
        }
        self.lines = lines
    }

    var text: String {
        func pad(_ s: String, _ n: Int, left: Bool = false) -> String {
            s.count >= n ? s : (left ? String(repeating: " ", count: n - s.count) + s : s + String(repeating: " ", count: n - s.count))
        }
        var out = pad("figure", 44) + pad("old", 16, left: true) + pad("new", 16, left: true) + pad("better by", 11, left: true) + "  verdict\n"
        for l in lines {
            let change = l.worsening.map { $0.isFinite ? String(format: "%+.1f %%", -$0 * 100) : "n/a" } ?? ""
            let verdict = l.verdict == .onlyOld ? "WORSE (missing)" : (l.verdict == .worse ? "WORSE" : l.verdict.rawValue)
            out += pad(l.name, 44) + pad(Self.number(l.old, l.unit), 16, left: true) + pad(Self.number(l.new, l.unit), 16, left: true)
                + pad(change, 11, left: true) + "  " + verdict + "\n"
        }
        let n = regressions.count
        out += n == 0 ? String(format: "no figure worse by more than %.0f %%\n", tolerance * 100)
                      : String(format: "%d figure(s) worse by more than %.0f %%\n", n, tolerance * 100)
        return out
    }

    private static func number(_ v: Double?, _ unit: String) -> String {
        guard let v else { return "-" }
        return String(format: abs(v) >= 100 ? "%.0f " : "%.2f ", v) + unit
    }
}
