internal import OrderedCollections

/// The last ids seen, each with a value, oldest forgotten first: "have I done this already?"
/// without growing forever. It never holds more than `capacity` ids, whatever the order of
/// inserts and removes.
///
/// Removing the oldest entry of an ordered dictionary moves all the others, so past the capacity
/// the oldest sixteenth is forgotten at once: the cost per insert stays constant, and the cache
/// still holds at least 15/16 of its capacity once full.
public struct RecentIDs<Value: Sendable>: Sendable {
    private var entries: OrderedDictionary<String, Value> = [:]
    public let capacity: Int

    public init(capacity: Int) {
        precondition(capacity > 0, "a recent-ids cache needs room for one id")
        self.capacity = capacity
    }

    public var count: Int { entries.count }

    public func contains(_ id: String) -> Bool { entries[id] != nil }

    public subscript(id: String) -> Value? { entries[id] }

    /// Every id with its value, oldest first.
    public var elements: [(id: String, value: Value)] { entries.map { ($0.key, $0.value) } }

    /// Stores `value` under `id`: a known id keeps its age and takes the new value, a new one is
    /// the newest. Returns whether `id` was new.
    @discardableResult
    public mutating func insert(_ id: String, _ value: Value) -> Bool {
        if entries.updateValue(value, forKey: id) != nil { return false }
        if entries.count > capacity {
            entries.removeFirst(1 + (capacity - 1) / 16)
        }
        return true
    }

    public mutating func remove(_ id: String) {
        entries.removeValue(forKey: id)
    }
}

extension RecentIDs where Value == Void {
    /// Adds `id`; false when it was already there.
    @discardableResult
    public mutating func insert(_ id: String) -> Bool { insert(id, ()) }
}
