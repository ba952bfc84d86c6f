import Foundation
import IntakeCore

/// What `intake status` shows: one row per component and instance, from their retained
/// `status/{component}/{instance}` reports.
struct StatusBoard {
    struct Row: Equatable {
        var component: String
        var instance: String
        /// "up", or "down" (said offline or stopping, or silent for three intervals: "down (stale)").
        var state: String
        var up: Bool
        var lastSeen: Date?
        var figures: StatusReport.Figures
    }

    /// Reports by topic; a report without `last_seen` (an older process, or the last will) keeps
    /// the time this board last saw that instance.
    private(set) var reports: [String: StatusReport] = [:]
    private var seen: [String: Date] = [:]

    /// Without `interval_seconds` in a report, this interval decides staleness.
    var defaultInterval: Double = 5

    mutating func record(_ report: StatusReport, topic: String, at now: Date = Date()) {
        reports[topic] = report
        if let s = report.lastSeen { seen[topic] = s } else if report.state == .online { seen[topic] = now }
    }

    func rows(now: Date = Date()) -> [Row] {
        reports.sorted { ($0.value.component, $0.value.instance) < ($1.value.component, $1.value.instance) }.map { topic, r in
            let last = seen[topic]
            let interval = r.intervalSeconds ?? defaultInterval
            let stale = last.map { now.timeIntervalSince($0) > 3 * interval } ?? false
            let state: String
            switch r.state {
            case .online: state = stale ? "down (stale)" : "up"
            case .offline: state = "down"
            case .stopping: state = "down (stopping)"
            }
            return Row(component: r.component, instance: r.instance, state: state, up: r.state == .online && !stale,
                       lastSeen: last, figures: r.figures)
        }
    }

    /// The table, coloured when `colour` (up green, down red).
    func render(now: Date = Date(), colour: Bool) -> String {
        let rows = rows(now: now)
        guard !rows.isEmpty else { return "no intake process has reported its status yet\n" }
        let header = ["COMPONENT", "INSTANCE", "STATE", "LAST SEEN", "CONTACTS/S", "SPOOL", "RECEIPTS", "UNACK ESC"]
        var table = [header]
        for r in rows {
            let f = r.figures
            table.append([
                r.component, r.instance, r.state, r.lastSeen.map { Self.ago(now.timeIntervalSince($0)) } ?? "-",
                f.contactsPerSecond.map { String(format: "%.2f", $0) } ?? "-", f.spoolDepth.map(String.init) ?? "-",
                f.receiptsOutstanding.map(String.init) ?? "-", f.unacknowledgedEscalations.map(String.init) ?? "-",
            ])
        }
        let widths = header.indices.map { c in table.map { $0[c].count }.max() ?? 0 }
        var out = ""
        for (i, cells) in table.enumerated() {
            var line = cells.enumerated().map { c, s in s.padding(toLength: widths[c], withPad: " ", startingAt: 0) }
            if colour, i > 0 {
                let up = rows[i - 1].up
                line[2] = "\u{1B}[\(up ? "32" : "1;31")m\(line[2])\u{1B}[0m"
            }
            out += line.joined(separator: "  ").trimmingCharacters(in: .whitespaces) + "\n"
        }
        let up = rows.filter(\.up).count
        let backlog = rows.compactMap(\.figures.unacknowledgedEscalations).max()
        out += "\(up) up, \(rows.count - up) down" + (backlog.map { "; \($0) escalation(s) unacknowledged" } ?? "") + "\n"
        return out
    }

    static func ago(_ seconds: Double) -> String {
        let s = max(0, Int(seconds.rounded()))
        if s < 60 { return "\(s)s ago" }
        if s < 3600 { return "\(s / 60)m\(s % 60)s ago" }
        return "\(s / 3600)h\(s % 3600 / 60)m ago"
    }
}
