import Metrics

/// The files waiting for OCR: names only, at most `limit`, so that a flood of files costs no
/// more memory than the limit's names (the rest wait in the folder for the next scan).
/// A name stays `known` from the moment it is queued until its file has left the folder.
actor DropQueue {
    private var waiting: [String] = []
    private var known: Set<String> = []
    private var consumers: [CheckedContinuation<String?, Never>] = []
    private var closed = false
    let limit: Int
    private let depth = Gauge(label: "intake_mail_queue_depth")

    init(limit: Int) {
        self.limit = limit
    }

    var count: Int { waiting.count }

    /// Queues `name` unless it is queued or in hand already, or the queue is full.
    @discardableResult
    func offer(_ name: String) -> Bool {
        guard !closed, !known.contains(name), waiting.count < limit else { return false }
        known.insert(name)
        if !consumers.isEmpty {
            consumers.removeFirst().resume(returning: name)
        } else {
            waiting.append(name)
        }
        depth.record(waiting.count)
        return true
    }

    /// The next name, waiting for one; nil once closed.
    func next() async -> String? {
        if !waiting.isEmpty {
            let n = waiting.removeFirst()
            depth.record(waiting.count)
            return n
        }
        if closed { return nil }
        return await withCheckedContinuation { consumers.append($0) }
    }

    /// The file has left the folder (or will be looked at again from scratch).
    func done(_ name: String) {
        known.remove(name)
    }

    func close() {
        closed = true
        for c in consumers { c.resume(returning: nil) }
        consumers.removeAll()
    }
}
