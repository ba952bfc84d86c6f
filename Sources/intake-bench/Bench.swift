import ArgumentParser
import IntakeCore

@main
struct IntakeBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intake-bench",
        abstract: "Measures Intake311 on this machine, on a broker and database of its own.",
        discussion: """
            Every run starts mosquitto and PostgreSQL through Docker/stack.sh in a temporary folder,
            on free ports, and `intake run` from the same build as this command, then stops them.
            Build both in release mode first: swift build -c release.
            """,
        subcommands: [Throughput.self, Compare.self, Latency.self, OCRBench.self, RenderLetters.self, EmailBench.self, ChatLoad.self, EscalationBench.self, FaultBench.self, ScaleOutBench.self],
        defaultSubcommand: Throughput.self)

    static func main() async {
        OpenMPLimit.applyByRestarting()
        await main(nil)
    }
}
