import Foundation
import IntakeCore

/// The fault suite's table and its JSON.
struct FaultReport {
    let records: [FaultRecord]
    let verdict: FaultVerdict
    let outcomes: [SteadyLoad.Outcome]
    let health: HealthWatch
    let peaks: [String: Int]
    let rate: Int
    let spoolDisk: String?

    struct Row {
        var name: String
        var accepted: Int
        var refused: Int
        var recovery: Double?
        var healthWorst: Double?
        var healthMissed: Int
        var healthNot200: Int
        var note: String?
    }

    var rows: [Row] {
        records.map { r in
            let answered = r.answered(in: outcomes)
            let samples = health.between(r.start, r.until)
            return Row(name: r.name, accepted: answered.accepted, refused: answered.refused,
                       recovery: r.recovery, healthWorst: samples.compactMap(\.seconds).max(),
                       healthMissed: samples.filter { $0.seconds == nil }.count,
                       healthNot200: samples.filter { $0.status != nil && $0.status != 200 }.count, note: r.note)
        }
    }

    var text: String {
        func s(_ d: Double?) -> String { d.map { String(format: "%.1f s", $0) } ?? "—" }
        var out = "intake-bench faults: \(rate) signed webhooks/s over sms, whatsapp, telegram, open311, the 911 handoff and voice calls (six steps each)\n\n"
        out += "fault".padding(toLength: 58, withPad: " ", startingAt: 0)
            + "accepted  refused  recovery  /health worst  no answer  not 200\n"
        for r in rows {
            out += r.name.padding(toLength: 58, withPad: " ", startingAt: 0)
                + String(format: "%8d %8d %9@ %14@ %10d %8d\n", r.accepted, r.refused, s(r.recovery) as NSString,
                         s(r.healthWorst) as NSString, r.healthMissed, r.healthNot200)
            if let note = r.note { out += "  note: \(note)\n" }
        }
        if spoolDisk == nil { out += "(the spool's disk was not filled: mounting a tmpfs needs root)\n" }
        out += "\n" + verdict.summary(peaks: peaks) + "\nverdict: \(verdict.passed ? "PASS" : "FAIL")" + verdict.problems
        return out
    }

    var json: String {
        var w = JSONWriter()
        w.object { w in
            w.field("rate", rate)
            w.field("sent", verdict.sent)
            w.field("accepted", verdict.accepted)
            w.field("committed", verdict.committed)
            w.field("lost", verdict.lost.count)
            w.field("duplicated", verdict.duplicated)
            w.field("refused", verdict.refused)
            w.field("refused_but_stored", verdict.refusedButStored)
            w.field("longest_to_commit_seconds", verdict.longestToCommit)
            w.field("residents_told_twice", verdict.residentsToldTwice.count)
            w.field("passed", verdict.passed)
            w.key("peak_memory_bytes")
            w.object { w in
                for (k, v) in peaks.sorted(by: { $0.key < $1.key }) {
                    w.key(k)
                    w.number(v)
                }
            }
            w.key("faults")
            w.array(rows) { w, r in
                    w.object { w in
                        w.field("name", r.name)
                        w.field("accepted", r.accepted)
                        w.field("refused", r.refused)
                        if let x = r.recovery { w.field("recovery_seconds", x) }
                        if let x = r.healthWorst { w.field("health_worst_seconds", x) }
                        w.field("health_no_answer", r.healthMissed)
                        w.field("health_not_200", r.healthNot200)
                        if let n = r.note { w.field("note", n) }
                    }
            }
        }
        return String(decoding: w.bytes, as: UTF8.self)
    }
}
