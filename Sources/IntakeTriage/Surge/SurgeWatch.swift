public import Foundation

/// Counts recent reports per category and area over sliding windows, and says when a count
/// reaches the city's threshold: a surge. Pure and deterministic (time is the reports' own
/// `received_at`), so that it is tested without a clock, a bus or a database.
///
/// **How long a surge lasts.** From the report that makes the count reach the threshold until the
/// count has stayed below the threshold for one whole window. While it lasts, every further report
/// of the category in the area joins it (and no second alert is raised); after it, a new burst is a
/// new surge with a new id.
///
/// **Memory.** At most `SurgeRules.maxKept` reports per area and category, and at most
/// `SurgeRules.maxWatched` areas × categories: the one heard from least recently is forgotten first,
/// and areas quiet for two windows are swept.
public struct SurgeWatch: Sendable {
    /// One located request, as the enrich stage saw it.
    public struct Report: Sendable, Equatable {
        public var contactID: String
        public var category: String
        public var area: SurgeArea
        public var at: Date

        public init(contactID: String, category: String, area: SurgeArea, at: Date) {
            self.contactID = contactID
            self.category = category
            self.area = area
            self.at = at
        }
    }

    /// A surge as it stands after the report that was just counted.
    public struct Surge: Sendable, Equatable {
        /// `surge:<category>:<area key>:<unix time of the window's first report>`: two instances
        /// that saw the same reports name the surge alike.
        public var id: String
        public var category: String
        public var area: SurgeArea
        /// Reports in the window now.
        public var count: Int
        public var threshold: Int
        public var windowSeconds: Double
        /// The window's reports when it started, then every report that joined (at most `maxKept`).
        public var contactIDs: [String]
        public var startedAt: Date
    }

    public enum Outcome: Sendable, Equatable {
        /// The category is not watched (the rules switch it off).
        case notWatched
        /// Counted; no surge (yet): `count` reports in the window.
        case counted(Int)
        /// This report made the count reach the threshold: alert now.
        case started(Surge)
        /// A surge of this category in this area is already under way: the report joins it.
        case joined(Surge)
    }

    struct Key: Hashable {
        var category: String
        var area: String
    }

    struct Window {
        /// Oldest first.
        var reports: [(id: String, at: Date)] = []
        /// The ids in `reports`: a report seen again is found without comparing it with all of them.
        var ids: Set<String> = []
        var latest: Date
        var surge: Surge?
        /// While at least `threshold` reports are in the window: until this moment.
        var busyUntil: Date = .distantPast

        mutating func dropOldest(_ n: Int) {
            guard n > 0 else { return }
            for r in reports[..<n] { ids.remove(r.id) }
            reports.removeFirst(n)
        }
    }

    public let rules: SurgeRules
    private var windows: [Key: Window] = [:]
    private var newest: Date = .distantPast
    private var sinceSweep = 0

    public init(rules: SurgeRules) {
        self.rules = rules
    }

    /// Areas × categories now watched (for tests and the memory bound).
    public var watchedCount: Int { windows.count }

    /// Counts a report of this instance and says what it means. A report counted before (a
    /// retry) is not counted again: it is answered as it stands.
    ///
    /// `peerSurge` is the surge id another instance already gave the report (seen on the bus):
    /// the report is counted and, if no surge is under way here, the peer's surge is taken as this
    /// one, so that instances agree; a peer's report alone never starts a surge here.
    public mutating func record(_ report: Report, peerSurge: String? = nil) -> Outcome {
        guard let threshold = rules.threshold(for: report.category) else { return .notWatched }
        let key = Key(category: report.category, area: report.area.key)
        let window = threshold.windowSeconds
        newest = max(newest, report.at)
        sweepIfDue()
        var w: Window
        // Taken out while it changes: a copy left in the dictionary would make every change to its
        // reports copy them all. It goes back below.
        if let known = windows.removeValue(forKey: key) { w = known } else { w = makeRoom(for: key, at: report.at) }
        let now = max(w.latest, report.at)
        w.latest = now
        // The surge is over once the count has stayed below the threshold for a whole window.
        if w.surge != nil, now >= w.busyUntil.addingTimeInterval(window) { w.surge = nil }

        let repeated = w.ids.contains(report.contactID)
        if !repeated {
            let slot = w.reports.lastIndex { $0.at <= report.at }.map { $0 + 1 } ?? 0
            w.reports.insert((report.contactID, report.at), at: slot)
            w.ids.insert(report.contactID)
        }
        // The reports are in time order, so what has left the window, and what is over the
        // bound, are at the front.
        let horizon = now.addingTimeInterval(-window)
        w.dropOldest(w.reports.firstIndex { $0.at > horizon } ?? w.reports.count)
        if w.reports.count > rules.maxKept { w.dropOldest(w.reports.count - rules.maxKept) }
        let count = w.reports.count
        if count >= threshold.count {
            w.busyUntil = max(w.busyUntil, w.reports[count - threshold.count].at.addingTimeInterval(window))
        }

        let outcome: Outcome
        if var surge = w.surge {
            surge.count = count
            if !repeated, !surge.contactIDs.contains(report.contactID), surge.contactIDs.count < rules.maxKept {
                surge.contactIDs.append(report.contactID)
            }
            w.surge = surge
            outcome = .joined(surge)
        } else if let peerSurge {
            let surge = Surge(id: peerSurge, category: report.category, area: report.area, count: count, threshold: threshold.count,
                              windowSeconds: window, contactIDs: w.reports.map(\.id), startedAt: report.at)
            w.surge = surge
            w.busyUntil = max(w.busyUntil, report.at)
            outcome = .joined(surge)
        } else if count >= threshold.count, !repeated {
            let first = w.reports[0].at
            let surge = Surge(id: Self.surgeID(category: report.category, area: report.area, firstReport: first),
                              category: report.category, area: report.area, count: count, threshold: threshold.count,
                              windowSeconds: window, contactIDs: w.reports.map(\.id), startedAt: report.at)
            w.surge = surge
            outcome = .started(surge)
        } else {
            outcome = .counted(count)
        }
        windows[key] = w
        return outcome
    }

    /// Counts a report another instance enriched (seen on `enriched/+`), so that instances on a
    /// shared subscription count the same reports. Never starts a surge by itself.
    public mutating func observe(_ report: Report, surgeID: String?) {
        if let surgeID {
            _ = record(report, peerSurge: surgeID)
            return
        }
        guard rules.threshold(for: report.category) != nil else { return }
        // Counted like one of ours, but a surge it would start is left to the next local report.
        let key = Key(category: report.category, area: report.area.key)
        let before = windows[key]
        if case .started = record(report) {
            var w = windows[key]!
            w.surge = before?.surge
            windows[key] = w
        }
    }

    static func surgeID(category: String, area: SurgeArea, firstReport: Date) -> String {
        "surge:\(category):\(area.key):\(Int(firstReport.timeIntervalSince1970.rounded(.down)))"
    }

    /// A new window, forgetting the least recently heard one when the bound is reached.
    private mutating func makeRoom(for key: Key, at: Date) -> Window {
        if windows.count >= rules.maxWatched, let stalest = windows.min(by: { $0.value.latest < $1.value.latest })?.key {
            windows[stalest] = nil
        }
        return Window(latest: at)
    }

    /// Every thousand reports: forget areas quiet for two of their windows (any surge there has ended).
    private mutating func sweepIfDue() {
        sinceSweep += 1
        guard sinceSweep >= 1000 else { return }
        sinceSweep = 0
        let newest = self.newest
        let rules = self.rules
        windows = windows.filter { key, w in
            let window = rules.threshold(for: key.category)?.windowSeconds ?? 0
            return w.latest.addingTimeInterval(2 * window) > newest
        }
    }
}
