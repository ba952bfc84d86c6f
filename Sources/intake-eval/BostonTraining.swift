import ArgumentParser
import Foundation
import IntakeTriage

/// `intake-eval boston-training`: a training CSV for `intake triage train` from the Boston 2015
/// records, for tests and the demo. Boston's rows carry no resident's words, only the case title
/// staff gave them (mostly the type's own name), so the text is CASE_TITLE and the category comes
/// from TYPE through `BostonCategories.map`. Never from the held-out sets of Tests/Evaluation.
struct BostonTraining: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "boston-training",
        abstract: "Write a training CSV (text,category) from the Boston 2015 records: CASE_TITLE, TYPE mapped to the rules' categories.")

    @OptionGroup var data: DataOptions
    @Option(help: "The CSV file to write.") var out = "boston-training.csv"
    @Option(help: "At most this many rows of each category (a seeded sample).") var perCategory = 300
    @Option(help: "The sample's seed.") var seed: UInt64 = 311

    func run() throws {
        let records = try BostonRecords.load(path: try data.file("boston311/boston311_2015.csv.gz"))
        let examples = BostonCategories.sample(records.map { ($0.title, $0.type) }, perCategory: perCategory, seed: seed)
        try TrainingCSV.write(examples).write(toFile: out, atomically: true, encoding: .utf8)
        var counts: [String: Int] = [:]
        for e in examples { counts[e.category, default: 0] += 1 }
        print("wrote \(examples.count) rows to \(out): " + counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
    }
}

/// Boston's 2015 TYPE → the categories of Docker/config/triage-rules.yaml. A type not listed is
/// `other`: the model must also learn what is none of the city's categories. Left out on purpose:
/// "Fire Hydrant" (a hydrant's repair, which would teach that "fire hydrant" is a water leak,
/// while a car at a hydrant is parking) and "No Utilities Residential - Water" (no water is not a leak).
enum BostonCategories {
    static let map: [String: String] = [
        "Pothole Repair (Internal)": "pothole", "Request for Pothole Repair": "pothole", "BWSC Pothole": "pothole",
        "Roadway Repair": "pothole",
        "Street Light Outages": "streetlight", "Street Light Knock Downs": "streetlight", "General Lighting Request": "streetlight",
        "Graffiti Removal": "graffiti", "PWD Graffiti": "graffiti",
        "Illegal Dumping": "illegal_dumping", "Trash on Vacant Lot": "illegal_dumping",
        "Abandoned Vehicles": "abandoned_vehicle",
        "Watermain Break": "water_leak",
        "Loud Parties/Music/People": "noise", "Work Hours-Loud Noise Complaints": "noise", "Undefined Noise Disturbance": "noise",
        "Animal Noise Disturbances": "noise", "Automotive Noise Disturbance": "noise", "Public Events Noise Disturbances": "noise",
        "Dumpster & Loading Noise Disturbances": "noise", "Aircraft Noise Disturbance": "noise",
        "Schedule a Bulk Item Pickup SS": "trash_bulk_pickup", "Schedule a Bulk Item Pickup": "trash_bulk_pickup",
        "Encampments": "encampment",
    ]
    static let leftOut: Set<String> = ["Fire Hydrant", "No Utilities Residential - Water", "No Utilities - Food Establishment - Water"]

    /// Up to `perCategory` (title, type) rows of each category, drawn with a fixed seed, in a
    /// shuffled order; rows without a title are skipped.
    static func sample(_ rows: [(title: String, type: String)], perCategory: Int, seed: UInt64) -> [TrainingExample] {
        var byCategory: [String: [String]] = [:]
        for r in rows where !leftOut.contains(r.type) {
            let title = r.title.trimmingCharacters(in: .whitespaces)
            guard !title.isEmpty else { continue }
            byCategory[map[r.type] ?? "other", default: []].append(title)
        }
        var rng = SeededGenerator(seed: seed)
        var out: [TrainingExample] = []
        for category in byCategory.keys.sorted() {
            for title in byCategory[category]!.shuffled(using: &rng).prefix(perCategory) {
                out.append(TrainingExample(text: title, category: category))
            }
        }
        return out.shuffled(using: &rng)
    }
}
