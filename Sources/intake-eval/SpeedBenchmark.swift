import ArgumentParser
import Foundation
import IntakeCore
import IntakeLocate
import IntakeTriage

/// Geocode + triage + dedup per contact on one core, with realistic inputs: the Boston address
/// points as the gazetteer, their Location strings (half with resident-style noise) as the
/// locations, resident-style messages written for the benchmark as the texts, and an index of
/// open cases that grows as contacts come in.
struct SpeedBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "speed", abstract: "Contacts per second for geocode + triage + dedup on one core, and memory.")

    @OptionGroup var data: DataOptions
    @Option(help: "Triage rules file.") var rules: String?
    @Option(help: "Contacts per run.") var contacts = 50_000
    @Option(help: "Timed runs; the median is reported.") var runs = 5
    @Option(help: "Open cases in the index before the run.") var openCases = 20_000

    func run() throws {
        let rssStart = Measurement.status("VmRSS")
        let gazetteerPath = try data.file("boston311/boston_2015_locations_derived.csv")
        Measurement.progress("loading \(gazetteerPath) …")
        var gazetteer: Gazetteer!
        let loadSeconds = try Measurement.seconds { gazetteer = try Gazetteer.load(paths: [gazetteerPath]) }
        let rssGazetteer = Measurement.status("VmRSS")
        let geocoder = Geocoder(gazetteer: gazetteer)
        let triage = try TriageEngine(path: rules ?? RepositoryFiles.triageRules())

        // Inputs.
        let table = CSVTable(bytes: [UInt8](FileManager.default.contents(atPath: gazetteerPath) ?? Data()))
        let locationColumn = table.column("location")!
        var locations = table.rows.map { $0.field(locationColumn) }.filter { !$0.isEmpty }
        var rng = SplitMix64(seed: 20_261_121)
        locations.shuffle(using: &rng)
        var noise = ResidentNoise(seed: 7)
        let texts = SyntheticMessages.make(count: contacts, seed: 11)
        let inputs: [(location: String, text: String)] = (0..<contacts).map { i in
            let l = locations[i % locations.count]
            return (i % 2 == 0 ? l : noise.apply(.all, to: l), texts[i])
        }
        let start = Date(timeIntervalSinceReferenceDate: 800_000_000)
        var seedIndex = OpenCaseIndex(referenceLatitude: 42.33)
        let points = gazetteer.samplePoints(count: openCases, seed: 5)
        let categories = triage.rules.categories.map(\.id)
        for (i, p) in points.enumerated() {
            seedIndex.insert(OpenCase(
                ref: "OPEN-\(i)", category: categories[i % categories.count], point: p,
                openedAt: start.addingTimeInterval(-Double(i % 30) * 86_400), text: texts[(i * 7) % texts.count]))
        }

        Measurement.progress("running \(runs) × \(contacts) contacts …")
        var total: [Double] = [], geo: [Double] = [], tri: [Double] = [], dup: [Double] = []
        var counts = (linked: 0, possible: 0, new: 0, unmatched: 0)
        for run in 0..<max(1, runs) {
            var index = seedIndex
            var geoT = 0.0, triT = 0.0, dupT = 0.0
            var c = (linked: 0, possible: 0, new: 0, unmatched: 0)
            let t = Measurement.seconds {
                for (i, input) in inputs.enumerated() {
                    let t0 = ContinuousClock.now
                    let g = geocoder.geocode(input.location)
                    let t1 = ContinuousClock.now
                    let r = triage.classify(input.text)
                    let t2 = ContinuousClock.now
                    if let lat = g.lat, let lon = g.lon {
                        let at = start.addingTimeInterval(Double(i))
                        let q = DuplicateQuery(category: r.category, point: GeoPoint(lat: lat, lon: lon), at: at, text: input.text)
                        let v = index.verdict(for: q, parameters: triage.dedupParameters(for: r.category))
                        switch v.verdict {
                        case .linked: c.linked += 1
                        case .possibleDuplicate: c.possible += 1
                        default: c.new += 1
                        }
                        if v.verdict != .linked {
                            index.insert(OpenCase(ref: "NEW-\(i)", category: r.category, point: q.point, openedAt: at, signature: q.signature))
                        }
                    } else {
                        c.unmatched += 1
                    }
                    let t3 = ContinuousClock.now
                    geoT += Self.seconds(t1 - t0); triT += Self.seconds(t2 - t1); dupT += Self.seconds(t3 - t2)
                }
            }
            total.append(t); geo.append(geoT); tri.append(triT); dup.append(dupT)
            if run == 0 { counts = c }
            Measurement.progress(String(format: "  run %d: %.0f contacts/s", run + 1, Double(contacts) / t))
        }
        let rate = Double(contacts) / Measurement.median(total)
        print("Speed — geocode + triage + dedup, one core, single thread")
        print("  gazetteer: boston_2015_locations_derived.csv, \(gazetteer.statistics); loaded in \(String(format: "%.2f", loadSeconds)) s")
        print("  inputs: \(contacts) contacts: Location strings (half with resident-style noise) and synthetic EN/ES messages;")
        print("          open-case index seeded with \(openCases) cases, growing with every new case")
        print("  outcomes of run 1: \(counts.linked) linked, \(counts.possible) possible duplicates, \(counts.new) new, \(counts.unmatched) not located")
        print(String(format: "  median of %d runs: %.3f s → %.0f contacts/s (target ≥ 20,000)", runs, Measurement.median(total), rate))
        print(String(
            format: "  per contact: geocode %.1f µs, triage %.1f µs, dedup %.1f µs (medians; timer overhead included)",
            1e6 * Measurement.median(geo) / Double(contacts), 1e6 * Measurement.median(tri) / Double(contacts),
            1e6 * Measurement.median(dup) / Double(contacts)))
        print("  memory: peak RSS (VmHWM) \(Measurement.mib(Measurement.status("VmHWM"))); gazetteer ≈ "
            + Measurement.mib(rssGazetteer.flatMap { g in rssStart.map { g - $0 } })
            + " (RSS growth while loading it, parse buffers included); open-case index ≈ "
            + String(format: "%.1f MiB", Double(seedIndex.approximateBytes) / 1_048_576) + " for \(openCases) cases")
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
