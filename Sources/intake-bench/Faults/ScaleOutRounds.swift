import Foundation
import IntakeCore

/// Throughput rounds on one mix: each round offers a fixed rate for a while, waits until every
/// contact it got answered 2xx is committed, and measures what was committed per second.
final class ScaleOutRounds {
    struct Figures {
        var sent = 0
        var accepted = 0
        var committed = 0
        /// The round's contacts committed, over the time from its first webhook to its last commit.
        var committedPerSecond = 0.0
        /// From the last webhook sent to the last commit.
        var drainSeconds = 0.0
        /// Median time from a webhook's answer to its contact's commit (negative: committed before
        /// the answer, as an SMS answer waits for the case).
        var medianToCommit = 0.0
    }

    let mix: WebhookMix
    let store: StoredContacts
    let drainLimit: Duration
    /// The mix's next unused request.
    var next = 0
    /// Every outcome of every round.
    private(set) var outcomes: [SteadyLoad.Outcome] = []

    init(mix: WebhookMix, store: StoredContacts, drainLimit: Duration) {
        self.mix = mix
        self.store = store
        self.drainLimit = drainLimit
    }

    func round(rate: Int, duration: Duration, targets: [String]) async throws -> Figures {
        let load = SteadyLoad(mix: mix, rate: rate, first: next, targets: targets)
        let start = Date()
        let task = Task { await load.run() }
        try await Task.sleep(for: duration)
        load.stop()
        let stopped = Date()
        await task.value
        next += load.sent
        let results = load.results
        outcomes += results

        var figures = Figures(sent: results.count, accepted: results.filter(\.accepted).count)
        let requests = results.map { mix.request($0.index) }
        var dates: [Int: Date] = [:]
        let deadline = ContinuousClock.now + drainLimit
        while true {
            dates = await committed(requests)
            let waiting = results.filter { $0.accepted && dates[$0.index] == nil }.count
            if waiting == 0 { break }
            guard ContinuousClock.now < deadline else {
                log("  \(waiting) accepted contacts of the round still not committed")
                break
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        // What was refused (no answer in time) but stored anyway may still be on its way: a moment more.
        try await Task.sleep(for: .seconds(1))
        dates = await committed(requests)
        figures.committed = dates.count
        if let last = dates.values.max() {
            figures.committedPerSecond = Double(dates.count) / max(last.timeIntervalSince(start), 0.001)
            figures.drainSeconds = max(0, last.timeIntervalSince(stopped))
        }
        let lags = results.compactMap { o in o.accepted ? dates[o.index].map { $0.timeIntervalSince(o.at) } : nil }.sorted()
        if !lags.isEmpty { figures.medianToCommit = lags[lags.count / 2] }
        return figures
    }

    /// When each request's contact was committed, by request index.
    func committed(_ requests: [WebhookMix.Request]) async -> [Int: Date] {
        let byID = await store.committed(requests.compactMap(\.contactID)) ?? [:]
        let markers = requests.contains { $0.marker != nil } ? (await store.open311ByDevice() ?? [:]) : [:]
        var out: [Int: Date] = [:]
        for r in requests {
            if let d = r.contactID.flatMap({ byID[$0] }) ?? r.marker.flatMap({ markers[$0]?.committed }) { out[r.index] = d }
        }
        return out
    }
}
