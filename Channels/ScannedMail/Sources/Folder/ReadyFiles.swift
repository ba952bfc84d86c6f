import Foundation

/// Decides when a dropped file may be read: never a `*.part` or dot-file, never while a writer
/// has it open (inotify said it is being written and has not said it was closed), and only once
/// its size and modification time have stayed the same for the settle interval.
struct ReadyFiles {
    struct Seen: Equatable {
        var size: Int
        var modified: Date
    }

    private var observed: [String: (seen: Seen, since: ContinuousClock.Instant)] = [:]
    /// Files inotify reported as opened for writing and not yet closed.
    private var open: Set<String> = []
    let settle: Duration

    init(settle: Duration) {
        self.settle = settle
    }

    static func isCandidate(_ name: String) -> Bool {
        !name.hasPrefix(".") && !name.hasSuffix(".part") && !name.hasSuffix(".why")
    }

    mutating func writing(_ name: String) { open.insert(name) }
    mutating func closed(_ name: String) { open.remove(name) }
    mutating func forget(_ name: String) {
        observed.removeValue(forKey: name)
        open.remove(name)
    }

    /// The names in `directory` that are ready now, in the order they were dropped (oldest first),
    /// and whether any other file is settling (worth a look again soon).
    mutating func scan(_ directory: String, now: ContinuousClock.Instant = .now) -> (ready: [String], settling: Bool) {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: directory) else { return ([], false) }
        var settling = false
        var ready: [(String, Date)] = []
        var present = Set<String>()
        for name in names where Self.isCandidate(name) {
            guard let a = try? fm.attributesOfItem(atPath: "\(directory)/\(name)"),
                  a[.type] as? FileAttributeType == .typeRegular,
                  let size = (a[.size] as? NSNumber)?.intValue, let modified = a[.modificationDate] as? Date else { continue }
            present.insert(name)
            let seen = Seen(size: size, modified: modified)
            if let o = observed[name], o.seen == seen {
                if open.contains(name) { continue }
                if now - o.since >= settle { ready.append((name, modified)) } else { settling = true }
            } else {
                observed[name] = (seen, now)
                settling = settling || !open.contains(name)
            }
        }
        for name in observed.keys where !present.contains(name) { observed.removeValue(forKey: name) }
        return (ready.sorted { $0.1 < $1.1 }.map(\.0), settling)
    }
}
