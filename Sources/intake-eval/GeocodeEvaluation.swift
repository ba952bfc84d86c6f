import ArgumentParser
import Foundation
import IntakeCore
import IntakeLocate

/// Builds the gazetteer from January–June 2015 and geocodes the October–December Location strings,
/// as written and with resident-style noise, against the city's own coordinates. July–September
/// is the calibration split: the confidence table was chosen on it (`--fit`), so the report
/// never sees the rows its penalties were chosen on.
struct GeocodeEvaluation: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "geocode",
        abstract: "Geocoding accuracy, calibration and speed on Boston 311, 2015 (gazetteer Jan–Jun, calibration Jul–Sep, test Oct–Dec).")

    @OptionGroup var data: DataOptions
    @Option(help: "Timed runs per variant; the median is reported.") var runs = 3
    @Option(help: "Seed of the resident-style noise.") var seed: UInt64 = 311
    @Flag(help: "Fit the confidence table on the July–September calibration split and print it, instead of the report.")
    var fit = false

    static let variants: [(String, ResidentNoise.Kinds?)] = [
        ("as written", nil), ("lowercase", [.lowercase]), ("abbreviations changed", [.abbreviations]),
        ("city and ZIP dropped", [.dropCityAndZip]), ("one typo", [.typo]), ("all four combined", .all),
    ]

    func run() throws {
        let path = try data.file("boston311/boston311_2015.csv.gz")
        Measurement.progress("reading \(path) …")
        let records = try BostonRecords.load(path: path)
        let train = records.filter { $0.month >= 1 && $0.month <= 6 && !$0.isDefaultGeocode && !$0.location.isEmpty }
        let test = records.filter { $0.month >= 10 && !$0.isDefaultGeocode && !$0.location.isEmpty }
        let excluded = records.filter { $0.month >= 10 && $0.isDefaultGeocode && !$0.location.isEmpty }.count

        Measurement.progress("building the gazetteer from \(train.count) January–June rows …")
        var gazetteer: Gazetteer!
        let buildSeconds = Measurement.seconds { gazetteer = Gazetteer.fromRecords(train) }
        let geocoder = Geocoder(gazetteer: gazetteer)
        if fit {
            let calibration = records.filter { (7...9).contains($0.month) && !$0.isDefaultGeocode && !$0.location.isEmpty }
            var confidenceFit = ConfidenceFit()
            for (_, kinds) in Self.variants {
                var noise = ResidentNoise(seed: seed)
                for record in calibration {
                    let text = kinds.map { noise.apply($0, to: record.location) } ?? record.location
                    if let m = gazetteer.lookup(geocoder.parser.parse(text), model: geocoder.configuration.confidence) {
                        confidenceFit.add(m, truth: record.point)
                    }
                }
            }
            print("Calibration split: July–September, \(calibration.count) rows × \(Self.variants.count) variants")
            confidenceFit.report(startingFrom: geocoder.configuration.confidence)
            return
        }
        let known = Set(train.map(\.location))
        let seen = test.filter { known.contains($0.location) }.count

        print("Geocoding evaluation — Boston 311, 2015")
        print("  gazetteer: January–June rows with a real geocode (\(train.count) rows, \(known.count) distinct Location strings)")
        print("             \(gazetteer.statistics); built in \(String(format: "%.2f", buildSeconds)) s")
        print("  test set:  October–December rows with a Location and a real geocode: \(test.count)")
        print("             (July–September is the calibration split the confidence table was chosen on)")
        print("             (\(excluded) rows with geocode_is_default=1 excluded: their coordinates are the city-hall default, not truth)")
        print("             \(Measurement.percent(seen, test.count)) of test strings occur verbatim in January–June")
        print("")
        print("  variant                          within 50 m  within 250 m  ZIP centroid  unmatched   lookups/s (median of \(runs))")

        var calibration: [(String, CalibrationTable)] = []
        for (name, kinds) in Self.variants {
            var noise = ResidentNoise(seed: seed)
            let inputs: [String] = test.map { record in
                guard let kinds else { return record.location }
                return noise.apply(kinds, to: record.location)
            }
            var results: [GeoResult] = []
            var times: [Double] = []
            for run in 0..<max(1, runs) {
                var out: [GeoResult] = []
                out.reserveCapacity(inputs.count)
                let t = Measurement.seconds {
                    for s in inputs { out.append(geocoder.geocode(s)) }
                }
                times.append(t)
                if run == 0 { results = out }
            }
            let tally = Tally(results: results, truth: test)
            print(String(
                format: "  %@ %9.1f %%  %10.1f %%  %10.1f %%  %7.1f %%   %10.0f",
                name.padding(toLength: 32, withPad: " ", startingAt: 0), tally.share(tally.within50), tally.share(tally.within250),
                tally.share(tally.zipCentroid), tally.share(tally.unmatched), Double(inputs.count) / Measurement.median(times)))
            calibration.append((name, CalibrationTable(results: results, truth: test)))
            if kinds == nil || kinds == .all {
                for type in ["Address", "Intersection"] {
                    let idx = test.indices.filter { test[$0].propertyType == type }
                    let sub = Tally(results: idx.map { results[$0] }, truth: idx.map { test[$0] })
                    print(String(
                        format: "    %@ %9.1f %%  %10.1f %%  %10.1f %%  %7.1f %%   (%d rows)",
                        ("– " + type.lowercased() + " rows").padding(toLength: 30, withPad: " ", startingAt: 0), sub.share(sub.within50), sub.share(sub.within250),
                        sub.share(sub.zipCentroid), sub.share(sub.unmatched), idx.count))
                }
            }
        }
        print("")
        print("  Shares are of all test rows; a ZIP-centroid answer counts as matched but is rarely within 250 m.")
        print("  One core, single thread; lookups/s include parsing, street matching and number interpolation.")
        print("")
        print("Calibration: confidence band → rows and their share within 50 m / 250 m of the city's point")
        for (name, table) in calibration {
            print("  \(name)")
            table.print()
        }
    }
}

/// Counts of a run against the city's coordinates.
struct Tally {
    var total = 0, within50 = 0, within250 = 0, zipCentroid = 0, unmatched = 0

    init(results: [GeoResult], truth: [BostonRecord]) {
        total = results.count
        for (r, t) in zip(results, truth) {
            switch r.method {
            case .unmatched: unmatched += 1
            case .zipCentroid: zipCentroid += 1
            default: break
            }
            guard let lat = r.lat, let lon = r.lon else { continue }
            let d = GeoPoint(lat: lat, lon: lon).distance(to: t.point)
            if d <= 50 { within50 += 1 }
            if d <= 250 { within250 += 1 }
        }
    }

    func share(_ n: Int) -> Double { total == 0 ? 0 : 100 * Double(n) / Double(total) }
}

extension Gazetteer {
    /// A gazetteer from 311 records the way `boston_2015_locations_derived.csv` was made: each
    /// distinct Location string at its most frequent coordinates.
    static func fromRecords(_ records: [BostonRecord]) -> Gazetteer {
        var byLocation: [String: (street: String, zip: String, counts: [GeoPoint: Int])] = [:]
        for r in records {
            byLocation[r.location, default: (r.streetPart, r.zip, [:])].counts[r.point, default: 0] += 1
        }
        let rows = byLocation.map { location, v in
            let modal = v.counts.max { ($0.value, $1.key.lat) < ($1.value, $0.key.lat) }!
            return LocationTableFile.Row(
                location: location, streetPart: v.street, zip: v.zip.isEmpty ? nil : v.zip,
                point: modal.key, weight: v.counts.values.reduce(0, +))
        }.sorted { $0.location < $1.location }
        let r = LocationTableFile.records(rows: rows)
        return Gazetteer(addresses: r.addresses, intersections: r.intersections)
    }
}
