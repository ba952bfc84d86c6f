import ArgumentParser

/// Evaluation commands on the shared test data: how well the geocoder and the duplicate rule do
/// on real records, and how fast the whole per-contact work runs. Not tests: they report figures.
@main
struct IntakeEval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intake-eval",
        abstract: "Evaluate geocoding, duplicate matching and speed on the shared test data.",
        subcommands: [GeocodeEvaluation.self, DuplicateEvaluation.self, SpeedBenchmark.self])
}
