import Foundation
import IntakeCore
import IntakeLocate
import IntakeTriage

/// `intake-eval duplicates --pairs FILE`: each labelled pair through the enrich stage's own
/// duplicate path. The first report becomes an open case (as `CityEnricher.caseOpened` records
/// it); the second is geocoded, triaged and asked `TriageEngine.duplicateQuery` against an
/// `OpenCaseIndex` holding it, with its category's parameters, as `CityEnricher.enrich` does.
struct DuplicatePairEvaluation {
    var setPath: String
    var setName: String
    var rulesPath: String
    var gazetteerPath: String
    var geoDirectory: String?
    var misses: Int

    /// Where a pair is put when its places do not geocode: downtown Tucson, and for the second
    /// report of a pair at two places, 1 km east of it (farther than any duplicate radius).
    static let fixedPoint = GeoPoint(lat: 32.2217, lon: -110.9265)
    static let elsewhere = GeoPoint(lat: 32.2217, lon: -110.9265 + 1_000 / (111_320 * cos(32.2217 * .pi / 180)))

    func run() throws {
        let pairs = try JSONLines.read(LabelledPair.self, path: setPath)
        let engine = try TriageEngine(path: rulesPath)
        let geocoder = try Geocoder.load(gazetteer: gazetteerPath, geoDirectory: geoDirectory)
        var tally = PairTally()
        var byKind: [String: (pairs: Int, linked: Int, possible: Int)] = [:]
        var geocoded: [String] = []
        var wrong: [(LabelledPair, PairOutcome, String, String)] = []
        let opened = Date(timeIntervalSince1970: 1_780_000_000)

        for (n, pair) in pairs.enumerated() {
            let (geoA, geoB, located) = place(pair, geocoder: geocoder)
            if located { geocoded.append(pair.id) }
            let ta = engine.classify(pair.a.text)
            let tb = engine.classify(pair.b.text)
            var index = OpenCaseIndex(referenceLatitude: 32.2)
            index.insert(OpenCase(ref: "A\(n)", category: ta.category, point: GeoPoint(lat: geoA.lat!, lon: geoA.lon!), openedAt: opened,
                                  signature: engine.duplicateSignature(text: pair.a.text, place: pair.a.location)))
            let contact = ContactEnvelope(
                id: "eval-\(pair.id)-b", channel: "sms", adapter: "intake-eval", receivedAt: opened.addingTimeInterval(3_600),
                sender: Sender(kind: .anonymous, address: nil), language: pair.b.lang, text: pair.b.text,
                location: Location(text: pair.b.location, source: .resident))
            let outcome: PairOutcome
            if let query = engine.duplicateQuery(for: contact, geo: geoB, triage: tb) {
                if ta.category != tb.category {
                    outcome = .splitByCategory
                } else {
                    switch index.verdict(for: query, parameters: engine.dedupParameters(for: tb.category)).verdict {
                    case .linked: outcome = .linked
                    case .possibleDuplicate: outcome = .possibleDuplicate
                    case .new, .exactDuplicate: outcome = .new
                    }
                }
            } else {
                outcome = ta.category != tb.category ? .splitByCategory : .notMergeable
            }
            tally.record(labelledSame: pair.same, outcome)
            var k = byKind[pair.kind, default: (0, 0, 0)]
            k.pairs += 1
            if outcome == .linked { k.linked += 1 }
            if outcome == .possibleDuplicate { k.possible += 1 }
            byKind[pair.kind] = k
            if pair.same != (outcome == .linked) { wrong.append((pair, outcome, ta.category, tb.category)) }
        }
        report(pairs: pairs, tally: tally, byKind: byKind, geocoded: geocoded, wrong: wrong)
    }

    /// Both reports' places through the real geocoder (location text, then the message text);
    /// when either does not come out at an address or a crossing, both go to the fixed point(s).
    private func place(_ pair: LabelledPair, geocoder: Geocoder) -> (GeoResult, GeoResult, Bool) {
        let a = geocoder.locate(text: pair.a.location, lat: nil, lon: nil, messageText: pair.a.text)
        let b = geocoder.locate(text: pair.b.location, lat: nil, lon: nil, messageText: pair.b.text)
        if Self.isPlaced(a) && Self.isPlaced(b) { return (a, b, true) }
        let pb = pair.atSamePlace ? Self.fixedPoint : Self.elsewhere
        return (
            geocoder.locate(text: nil, lat: Self.fixedPoint.lat, lon: Self.fixedPoint.lon),
            geocoder.locate(text: nil, lat: pb.lat, lon: pb.lon), false)
    }

    private static func isPlaced(_ g: GeoResult) -> Bool {
        g.lat != nil && g.lon != nil && g.method != .zipCentroid && g.method != .unmatched
    }

    private func report(
        pairs: [LabelledPair], tally: PairTally, byKind: [String: (pairs: Int, linked: Int, possible: Int)], geocoded: [String],
        wrong: [(LabelledPair, PairOutcome, String, String)]
    ) {
        print("Duplicate judgement on labelled pairs")
        print("  set:   \(setName) (\(pairs.count) pairs: same \(tally.labelled(same: true)), not same \(tally.labelled(same: false)))")
        print("  places: \(geocoded.count) pairs geocoded at an address or crossing of the made-up Tucson gazetteer (\(geocoded.joined(separator: ", ")));")
        print("          \(pairs.count - geocoded.count) not: both reports put at one fixed point, or 1 km apart for \"same category, different place\"")
        print("  path:  first report = an open case of its triaged category; second report triaged, then")
        print("         TriageEngine.duplicateQuery + OpenCaseIndex.verdict with the category's parameters (1 hour later)")
        print("")
        print("  outcome                  labelled same  labelled not same")
        for o in PairOutcome.allCases {
            print("  \(o.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0)) \(String(format: "%14d %18d", tally.count(labelledSame: true, o), tally.count(labelledSame: false, o)))")
        }
        print("")
        print("  judged same = linked:               precision \(Rate.percent(tally.precision(judgedSame: [.linked])))  recall \(Rate.percent(tally.recall(judgedSame: [.linked])))")
        print("  judged same = linked or possible:   precision \(Rate.percent(tally.precision(judgedSame: [.linked, .possibleDuplicate])))  recall \(Rate.percent(tally.recall(judgedSame: [.linked, .possibleDuplicate])))")
        print("  never compared, triage split them into different categories: \(tally.count(.splitByCategory)) (\(tally.count(labelledSame: true, .splitByCategory)) of them labelled same)")
        print("  never compared, the second report is not merged (emergency, referral or default category): \(tally.count(.notMergeable)) (\(tally.count(labelledSame: true, .notMergeable)) labelled same)")
        print("")
        print("  kind                              pairs  linked  possible")
        for (kind, k) in byKind.sorted(by: { $0.key < $1.key }) {
            print("  \(kind.padding(toLength: 32, withPad: " ", startingAt: 0)) \(String(format: "%6d %7d %9d", k.pairs, k.linked, k.possible))")
        }
        guard misses > 0 else { return }
        print("")
        print("  Wrongly judged pairs (up to \(misses)): id, label, outcome, categories")
        for (p, o, ca, cb) in wrong.prefix(misses) {
            print("    \(p.id) \(p.same ? "same" : "not same") → \(o.rawValue) [\(ca) / \(cb)]: \(p.a.text) | \(p.b.text)")
        }
    }
}
