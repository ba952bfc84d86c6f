import Foundation
import IntakeCore

/// The scale-out run's table and its JSON.
struct ScaleOutReport {
    struct Topology {
        var replicas: Int
        var rounds: [ScaleOutRounds.Figures] = []
        /// Per replica (`enrich-2`, …): contacts taken in, enriched or committed, from its /metrics.
        var work: [String: Double] = [:]

        var name: String { "\(replicas)+\(replicas)+\(replicas)" }
        var medianCommittedPerSecond: Double { Self.median(rounds.map(\.committedPerSecond)) }
        var medianDrain: Double { Self.median(rounds.map(\.drainSeconds)) }
        var medianToCommit: Double { Self.median(rounds.map(\.medianToCommit)) }

        static func median(_ xs: [Double]) -> Double {
            let s = xs.sorted()
            guard !s.isEmpty else { return 0 }
            return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
        }

        /// Every replica of every stage did some of the work.
        var everyReplicaWorked: Bool {
            ["adapters", "enrich", "writer"].allSatisfy { stage in
                (1...replicas).allSatisfy { (work["\(stage)-\($0)"] ?? 0) > 0 }
            }
        }
    }

    let topologies: [Topology]
    let rate: Int
    let seconds: Int
    let faults: [FaultRecord]
    let faultOutcomes: [SteadyLoad.Outcome]
    let faultRate: Int
    let workAfterFaults: [String: Double]
    let verdict: FaultVerdict
    let peaks: [String: Int]

    var everyReplicaWorked: Bool { topologies.allSatisfy(\.everyReplicaWorked) }

    struct FaultRow {
        var name: String
        var accepted: Int
        var refused: Int
        var recovery: Double?
    }

    var faultRows: [FaultRow] {
        faults.map { r in
            let answered = r.answered(in: faultOutcomes)
            return FaultRow(name: r.name, accepted: answered.accepted, refused: answered.refused, recovery: r.recovery)
        }
    }

    var text: String {
        func pad(_ s: String, _ n: Int) -> String { s.padding(toLength: max(n, s.count), withPad: " ", startingAt: 0) }
        func lpad(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }
        var out = "intake-bench scaleout: \(rate) signed webhooks/s offered for \(seconds) s a round, \(topologies.first?.rounds.count ?? 0) rounds a topology,\n"
        out += "over sms, whatsapp, telegram, open311, the 911 handoff and voice calls; adapters, enrich and writer as processes of their own\n\n"
        out += "topology  processes  offered/s  committed/s (median)  rounds' committed/s  accepted  drain (median)  2xx→commit (median)\n"
        for t in topologies {
            let each = t.rounds.map { String(format: "%.0f", $0.committedPerSecond) }.joined(separator: ", ")
            out += pad(t.name, 9) + lpad("\(3 * t.replicas)", 10) + lpad("\(rate)", 11)
                + lpad(String(format: "%.0f", t.medianCommittedPerSecond), 22) + "  " + pad(each, 19)
                + lpad("\(t.rounds.map(\.accepted).reduce(0, +))", 10)
                + lpad(String(format: "%.1f s", t.medianDrain), 16) + lpad(String(format: "%.2f s", t.medianToCommit), 21) + "\n"
        }
        if let one = topologies.first, let many = topologies.last, topologies.count > 1, one.medianCommittedPerSecond > 0 {
            out += String(format: "%@ against %@: %.2f× the committed contacts per second\n", many.name, one.name,
                          many.medianCommittedPerSecond / one.medianCommittedPerSecond)
        }
        out += "\nwork per process (adapters: contacts accepted; enrich: enriched; writer: committed):\n"
        for t in topologies {
            out += "  \(t.name): " + Self.workText(t.work) + "\n"
        }
        if !faults.isEmpty, let many = topologies.last {
            out += "  \(many.name) after the kills (a restarted process counts from its restart): " + Self.workText(workAfterFaults) + "\n"
            out += "\n" + pad("SIGKILL under \(many.name) at \(faultRate) webhooks/s", 48) + "accepted  refused  recovery\n"
            for r in faultRows {
                out += pad(r.name, 48) + lpad("\(r.accepted)", 8) + lpad("\(r.refused)", 9)
                    + lpad(r.recovery.map { String(format: "%.1f s", $0) } ?? "—", 10) + "\n"
            }
        }
        out += "\n" + verdict.summary(peaks: peaks) + "\nevery replica did work: \(everyReplicaWorked ? "yes" : "NO")"
            + "\nverdict: \(verdict.passed && everyReplicaWorked ? "PASS" : "FAIL")" + verdict.problems
        return out
    }

    static func workText(_ work: [String: Double]) -> String {
        work.sorted { $0.key < $1.key }.map { "\($0.key) \(Int($0.value))" }.joined(separator: ", ")
    }

    var json: String {
        var w = JSONWriter()
        w.object { w in
            w.field("rate", rate)
            w.field("seconds", seconds)
            w.key("topologies")
            w.array(topologies) { w, t in
                w.object { w in
                    w.field("replicas", t.replicas)
                    w.field("median_committed_per_second", t.medianCommittedPerSecond)
                    w.field("median_drain_seconds", t.medianDrain)
                    w.field("median_to_commit_seconds", t.medianToCommit)
                    w.key("rounds")
                    w.array(t.rounds) { w, r in
                        w.object { w in
                            w.field("sent", r.sent)
                            w.field("accepted", r.accepted)
                            w.field("committed", r.committed)
                            w.field("committed_per_second", r.committedPerSecond)
                        }
                    }
                    w.key("work")
                    Self.numbers(&w, t.work)
                }
            }
            w.key("work_after_faults")
            Self.numbers(&w, workAfterFaults)
            w.key("faults")
            w.array(faultRows) { w, r in
                w.object { w in
                    w.field("name", r.name)
                    w.field("accepted", r.accepted)
                    w.field("refused", r.refused)
                    if let x = r.recovery { w.field("recovery_seconds", x) }
                }
            }
            w.field("sent", verdict.sent)
            w.field("accepted", verdict.accepted)
            w.field("committed", verdict.committed)
            w.field("lost", verdict.lost.count)
            w.field("duplicated", verdict.duplicated)
            w.field("refused", verdict.refused)
            w.field("residents_told_twice", verdict.residentsToldTwice.count)
            w.field("every_replica_worked", everyReplicaWorked)
            w.field("passed", verdict.passed && everyReplicaWorked)
        }
        return String(decoding: w.bytes, as: UTF8.self)
    }

    static func numbers(_ w: inout JSONWriter, _ values: [String: Double]) {
        w.object { w in
            for (k, v) in values.sorted(by: { $0.key < $1.key }) {
                w.key(k)
                w.number(v)
            }
        }
    }
}
