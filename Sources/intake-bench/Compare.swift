import ArgumentParser
import Foundation

/// `intake-bench compare old.json new.json`: flags every figure worse by more than 10 %.
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compares two runs' figures (written with --json) and fails if any is worse by more than the tolerance.",
        discussion: """
            Each figure knows which way is better (a rate higher, CPU per contact or latency lower). \
            Exit status 1 when a figure is worse by more than --tolerance percent, or missing from \
            the new run; 0 otherwise.
            """)

    @Argument(help: "The earlier run's JSON figures.")
    var old: String
    @Argument(help: "The later run's JSON figures.")
    var new: String
    @Option(help: "Percent by which a figure may be worse before it is flagged.")
    var tolerance = 10.0

    func run() throws {
        let comparison = FigureComparison(old: try BenchFigures.read(from: old), new: try BenchFigures.read(from: new),
                                          tolerance: tolerance / 100)
        print(comparison.text, terminator: "")
        if !comparison.regressions.isEmpty { throw ExitCode(1) }
    }
}
