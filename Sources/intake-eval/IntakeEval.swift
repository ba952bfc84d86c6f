import ArgumentParser

/// Evaluation commands: how well the geocoder and the duplicate rule do on real records, how the
/// triage and duplicate judgement do on the held-out labelled set (Tests/Evaluation), and how fast
/// the whole per-contact work runs. Not tests: they report figures.
@main
struct IntakeEval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intake-eval",
        abstract: "Evaluate geocoding, triage, duplicate matching and speed.",
        subcommands: [GeocodeEvaluation.self, DuplicateEvaluation.self, TriageEvaluation.self, InquiryEvaluation.self, SpeedBenchmark.self,
                      BostonTraining.self])
}
