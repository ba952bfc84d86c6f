import ArgumentParser
import Foundation
import IntakeStore
import IntakeTriage

/// `intake triage …`: the city's own history as a triage model.
struct Triage: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a triage model on past cases, and export the categories people corrected as training rows.",
        subcommands: [TriageTrain.self, TriageExport.self])
}

struct TriageTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the triage model (naive Bayes over folded words and word pairs) on a CSV of past cases.",
        discussion: """
            The CSV has a header row naming the columns text and category (a city's export, or
            intake triage export). Prints cross-validated precision and recall per category and the
            accuracy, then trains on every row and writes the model file that INTAKE_TRIAGE_MODEL names.
            """)

    @Option(help: "The past cases: a CSV with the columns text and category.") var cases: String
    @Option(help: "The model file to write.") var out = "triage-model.json"
    @Option(help: "Folds of the cross-validation (stratified, fixed seed); 0 skips it.") var folds = 5
    @Option(help: "The seed of the folds' shuffle.") var seed: UInt64 = 311
    @Option(help: "The least posterior at which the model decides a category in the enrich stage.")
    var threshold = TriageModel.defaultThreshold

    func validate() throws {
        if folds == 1 || folds < 0 { throw ValidationError("--folds must be 0 (none) or at least 2") }
        if !(0...1).contains(threshold) { throw ValidationError("--threshold must be between 0 and 1") }
    }

    func run() throws {
        let start = ContinuousClock.now
        let contents: TrainingCSV.Contents
        do {
            contents = try TrainingCSV.read(path: cases)
        } catch {
            throw ValidationError("\(cases): \(error)")
        }
        for p in contents.problems.prefix(20) { print("\(cases): \(p) (row left out)") }
        if contents.problems.count > 20 { print("\(cases): \(contents.problems.count - 20) more rows left out") }
        let examples = contents.examples
        guard !examples.isEmpty else { throw ValidationError("\(cases): no usable rows") }
        print("read \(examples.count) rows from \(cases) in \(Self.seconds(since: start))")

        // Features once per row; a large file says how far it is.
        var documents: [NaiveBayes.Document] = []
        documents.reserveCapacity(examples.count)
        for (i, e) in examples.enumerated() {
            documents.append(NaiveBayes.Document(e))
            if (i + 1) % 50_000 == 0 { print("features: \(i + 1) / \(examples.count) rows") }
        }
        let categories = Set(examples.map(\.category)).count
        guard categories >= 2 else { throw ValidationError("\(cases): every row has the same category; the model needs at least two") }

        if folds >= 2 {
            guard examples.count >= folds else { throw ValidationError("\(cases): \(examples.count) rows cannot fill \(folds) folds") }
            print("cross-validation: \(folds) folds, stratified, seed \(seed)")
            let scores = CrossValidation.run(documents, k: folds, seed: seed) { f in
                if examples.count >= 10_000 { print("  fold \(f) / \(folds) done") }
            }
            print(scores.report())
        }

        var model = NaiveBayes.train(documents)
        model.threshold = threshold
        do {
            try model.write(to: out)
        } catch {
            throw ValidationError("cannot write \(out): \(error)")
        }
        print("wrote \(out): \(model.categories.count) categories, \(model.vocabulary.count) features, \(examples.count) rows, threshold \(threshold) (\(Self.seconds(since: start)) in all)")
    }

    static func seconds(since start: ContinuousClock.Instant) -> String {
        let d = ContinuousClock.now - start
        return String(format: "%.2f s", Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
    }
}

struct TriageExport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the training rows the database holds (categories people corrected) as a CSV that intake triage train reads.",
        discussion: """
            Reads triage_training as INTAKE_DATABASE_URL (the writer's role: the rows hold residents'
            words, which the reader role may not see). Append the file to the city's history and train again.
            """)
    @OptionGroup var options: CommonOptions
    @Option(help: "The CSV file to write.") var out: String

    func run() async throws {
        let settings = try options.settings()
        let logger = options.logger(settings)
        let db = try await PostgresConnection.connect(url: settings.databaseURL, applicationName: "intake-triage-export", logger: logger)
        let rows = try await db.query("SELECT text, category FROM triage_training ORDER BY id")
        await db.close()
        let examples = rows.rows.compactMap { r -> TrainingExample? in
            guard let text = r[0], let category = r[1] else { return nil }
            return TrainingExample(text: text, category: category)
        }
        do {
            try TrainingCSV.write(examples).write(toFile: out, atomically: true, encoding: .utf8)
        } catch {
            throw ValidationError("cannot write \(out): \(error)")
        }
        print("wrote \(examples.count) training rows to \(out)")
    }
}
