/// The last ids seen, each with a value, oldest forgotten first: "have I done this already?"
/// without growing forever. It never holds more than `capacity` ids, whatever the order of
/// inserts and removes.
///
/// A dictionary for the values and a queue of ids in the order they came, each stamped so that
/// an id removed and inserted again is aged from its new insert. Every operation costs a constant
/// amount: forgetting the oldest id is one step off the front of the queue, never a move of the
/// whole cache (which, at 100,000 ids, held the thread that did it for milliseconds).
public struct RecentIDs<Value: Sendable>: Sendable {
    private var entries: [String: (value: Value, stamp: UInt64)] = [:]
    /// Ids oldest first from `head`; an entry whose stamp no longer matches is a leftover of a
    /// remove and is skipped.
    private var order: [(id: String, stamp: UInt64)] = []
    private var head = 0
    private var stamps: UInt64 = 0
    public let capacity: Int

    public init(capacity: Int) {
        precondition(capacity > 0, "a recent-ids cache needs room for one id")
        self.capacity = capacity
    }

    public var count: Int { entries.count }

    public func contains(_ id: String) -> Bool { entries[id] != nil }

    public subscript(id: String) -> Value? { entries[id]?.value }

    /// Every id with its value, oldest first.
    public var elements: [(id: String, value: Value)] {
        order[head...].compactMap { e in
            guard let live = entries[e.id], live.stamp == e.stamp else { return nil }
            return (e.id, live.value)
        }
    }

    /// Stores `value` under `id`: a known id keeps its age and takes the new value, a new one is
    /// the newest. Returns whether `id` was new.
    @discardableResult
    public mutating func insert(_ id: String, _ value: Value) -> Bool {
        stamps += 1
        let stamp = stamps
        var isNew = false
        entries[id, default: { isNew = true; return (value, stamp) }()].value = value
        guard isNew else { return false }
        order.append((id, stamp))
        while entries.count > capacity { forgetOldest() }
        // Leftovers of removes: keep the queue within twice what is live.
        if order.count - head > 2 * capacity + 16 { compact() }
        return true
    }

    public mutating func remove(_ id: String) {
        entries.removeValue(forKey: id)
    }

    private mutating func forgetOldest() {
        while head < order.count {
            let e = order[head]
            head += 1
            if let live = entries[e.id], live.stamp == e.stamp {
                entries.removeValue(forKey: e.id)
                break
            }
        }
        // Drop the consumed front once it is most of the array: each entry moves at most once.
        if head > 64 && head * 2 > order.count {
            order.removeFirst(head)
            head = 0
        }
    }

    private mutating func compact() {
        order = order[head...].filter { entries[$0.id]?.stamp == $0.stamp }
        head = 0
    }
}

extension RecentIDs where Value == Void {
    /// Adds `id`; false when it was already there.
    @discardableResult
    public mutating func insert(_ id: String) -> Bool { insert(id, ()) }
}
