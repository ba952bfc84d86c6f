import ArgumentParser
import Foundation
import IntakeCore
import IntakeLocate
import IntakeTriage

/// Replays 2015 in opening order against an index of the cases open at each moment, and counts
/// what the duplicate rule does with the rows staff closed as duplicates and with all others.
/// With `--pairs FILE`, judges the labelled pairs of the held-out set instead (`DuplicatePairEvaluation`).
struct DuplicateEvaluation: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "duplicates",
        abstract: "Duplicate-rule recall proxy and false-merge rate on Boston 311, 2015; with --pairs, judgement on labelled pairs.")

    @OptionGroup var data: DataOptions
    @Option(help: "Triage rules file (dedup parameters; with --pairs also the categories).") var rules: String?
    @Option(help: "Judge the labelled pairs of this file (e.g. Tests/Evaluation/duplicates-eval.jsonl) instead of replaying Boston.")
    var pairs: String?
    @Option(help: "With --pairs: address points to geocode against (default: the made-up Tucson fixture).")
    var gazetteer: String?
    @Option(help: "With --pairs: print up to N wrongly judged pairs.") var misses = 0

    func run() throws {
        if let pairs {
            let geo = (try? data.directory()).map { ($0 as NSString).appendingPathComponent("geo/tucson") }
            try DuplicatePairEvaluation(
                setPath: RepositoryFiles.path(pairs), setName: pairs, rulesPath: rules ?? RepositoryFiles.triageRules(),
                gazetteerPath: gazetteer ?? RepositoryFiles.path(RepositoryFiles.madeUpTucsonAddresses),
                geoDirectory: geo.flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }, misses: misses
            ).run()
            return
        }
        let path = try data.file("boston311/boston311_2015.csv.gz")
        Measurement.progress("reading \(path) …")
        let all = try BostonRecords.load(path: path)
        let records = all.filter { !$0.isDefaultGeocode }
        let ruleSet = try TriageRules(path: rules ?? RepositoryFiles.triageRules())
        let d = ruleSet.dedup

        let duplicates = records.filter(\.isClosedAsDuplicate).count
        print("Duplicate-rule evaluation — Boston 311, 2015")
        print("  rows: \(all.count); with a real geocode: \(records.count) (\(all.count - records.count) with geocode_is_default=1 left out: no location)")
        print("  rows closed as duplicates (CLOSURE_REASON mentions \"duplicate\"): \(duplicates)")
        print("  rule: an earlier case of the same TYPE, still open at the new row's OPEN_DT (not yet CLOSED_DT),")
        print("        within the radius and the window; score = \(d.textWeight) × Jaccard(CASE_TITLE content words) + \(1 - d.textWeight) × nearness")
        print("        + \(d.samePointBonus) within \(Int(d.samePointM)) m (one address point);")
        print("        linked at ≥ \(d.confidentSimilarity), possible duplicate at ≥ \(d.unsureSimilarity).")
        print("  Boston rows carry no resident description, so CASE_TITLE is the text compared (it often repeats the type).")
        print("")
        print("  radius  window   duplicates linked  (+ possible)  | other rows linked = false merges  (+ possible)")
        var sameSpot = (0, 0)
        var byType: [String: Int] = [:]
        var settings: [(Double, Double)] = [(d.radiusM, d.windowDays)]
        for r in [25.0, 100, 250] where r != d.radiusM { settings.append((r, d.windowDays)) }
        for w in [7.0, 90] where w != d.windowDays { settings.append((d.radiusM, w)) }
        for (radius, window) in settings {
            var p = d
            p.radiusM = radius
            p.windowSeconds = window * 86_400
            Measurement.progress("replaying 2015 with radius \(Int(radius)) m, window \(Int(window)) days …")
            let r = Self.replay(records, parameters: p)
            if radius == d.radiusM && window == d.windowDays {
                sameSpot = (r.otherLinkedSameSpot, r.otherLinked)
                byType = r.falseMergesByType
            }
            print(String(
                format: "  %4.0f m  %3.0f d   %6d = %5.1f %%  (%5.1f %%)    | %6d of %d = %5.2f %%  (%5.2f %%)",
                radius, window, r.dupLinked, 100 * Double(r.dupLinked) / Double(max(1, r.dupTotal)),
                100 * Double(r.dupLinked + r.dupPossible) / Double(max(1, r.dupTotal)),
                r.otherLinked, r.otherTotal, 100 * Double(r.otherLinked) / Double(max(1, r.otherTotal)),
                100 * Double(r.otherLinked + r.otherPossible) / Double(max(1, r.otherTotal))))
        }
        print("")
        print("  With the defaults, \(sameSpot.0) of the \(sameSpot.1) unlabelled rows linked (\(Measurement.percent(sameSpot.0, sameSpot.1))) are at the very same")
        print("  coordinates as the open case they would join: repeat reports of one address that staff did not label.")
        let top = byType.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(5)
        print("  Types with the most such links: " + top.map { "\($0.key) \($0.value)" }.joined(separator: "; "))
        print("  Recall is a proxy: the original of a duplicate is not identified in the data (it may predate 2015,")
        print("  lie farther away, or be of another TYPE). A \"false merge\" is an unlabelled row the rule would link;")
        print("  some are unlabelled duplicates, so the rate is an upper bound.")
    }

    struct Outcome {
        var dupTotal = 0, dupLinked = 0, dupPossible = 0
        var otherTotal = 0, otherLinked = 0, otherPossible = 0, otherLinkedSameSpot = 0
        var falseMergesByType: [String: Int] = [:]
    }

    static func replay(_ records: [BostonRecord], parameters: DedupParameters) -> Outcome {
        var index = OpenCaseIndex(referenceLatitude: 42.33, cellSizeM: max(100, parameters.radiusM))
        var closing = ClosingQueue()
        var out = Outcome()
        for (n, r) in records.enumerated() {
            while let next = closing.peek, next.at <= r.openedAt {
                closing.pop()
                index.remove(ref: next.ref)
            }
            if n % 20_000 == 0 { index.removeOpened(before: Date(timeIntervalSinceReferenceDate: r.openedAt - parameters.windowSeconds)) }
            let signature = TextSignature(text: r.title)
            let query = DuplicateQuery(category: r.type, point: r.point, at: Date(timeIntervalSinceReferenceDate: r.openedAt), signature: signature)
            let v = index.verdict(for: query, parameters: parameters)
            if r.isClosedAsDuplicate {
                out.dupTotal += 1
                if v.verdict == .linked { out.dupLinked += 1 }
                if v.verdict == .possibleDuplicate { out.dupPossible += 1 }
            } else {
                out.otherTotal += 1
                if v.verdict == .linked { out.otherLinked += 1 }
                if v.verdict == .linked && (v.distanceM ?? 1) == 0 { out.otherLinkedSameSpot += 1 }
                if v.verdict == .linked { out.falseMergesByType[r.type, default: 0] += 1 }
                if v.verdict == .possibleDuplicate { out.otherPossible += 1 }
            }
            index.insert(OpenCase(ref: r.id, category: r.type, point: r.point, openedAt: query.at, signature: signature))
            if let closed = r.closedAt { closing.push(at: closed, ref: r.id) }
        }
        return out
    }
}

/// Cases by closing time, earliest first (a binary heap).
struct ClosingQueue {
    private var heap: [(at: Double, ref: String)] = []

    var peek: (at: Double, ref: String)? { heap.first }

    mutating func push(at: Double, ref: String) {
        heap.append((at, ref))
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard heap[i].at < heap[parent].at else { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() {
        guard !heap.isEmpty else { return }
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < heap.count && heap[l].at < heap[m].at { m = l }
            if r < heap.count && heap[r].at < heap[m].at { m = r }
            if m == i { break }
            heap.swapAt(i, m)
            i = m
        }
    }
}
