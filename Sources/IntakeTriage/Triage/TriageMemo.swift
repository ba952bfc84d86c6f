import IntakeCore

/// What the rules made of texts read lately, so that one text is read once in a process: the SMS
/// adapter's emergency screen, the enrich stage's triage and the writer's duplicate check each
/// used to read the same contact again, and the writer read the same open cases again for every
/// report at a busy place. Reading is a pure function of the text (and the place, for a
/// signature), so a remembered answer is the answer.
///
/// Two generations bound the memory: a hit in the old one moves to the new one, and when the new
/// one holds half the capacity the old one is dropped (constant time, no pause to sort ages).
final class TriageMemo<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Generations: Sendable {
        var current: [Key: Value] = [:]
        var previous: [Key: Value] = [:]
    }

    private let generations = Locked(Generations())
    let capacity: Int

    init(capacity: Int) {
        precondition(capacity >= 2, "a memo needs room for two answers")
        self.capacity = capacity
    }

    var count: Int { generations.withLock { $0.current.count + $0.previous.count } }

    /// The remembered value, or `make()`'s, remembered. `make` runs outside the lock: two
    /// threads that miss at once both compute, and agree.
    func value(for key: Key, _ make: () -> Value) -> Value {
        let known = generations.withLock { g -> Value? in
            if let v = g.current[key] { return v }
            guard let v = g.previous.removeValue(forKey: key) else { return nil }
            Self.store(&g, key, v, capacity: capacity)
            return v
        }
        if let known { return known }
        let v = make()
        generations.withLock { Self.store(&$0, key, v, capacity: capacity) }
        return v
    }

    private static func store(_ g: inout Generations, _ key: Key, _ v: Value, capacity: Int) {
        g.current[key] = v
        if g.current.count >= capacity / 2 {
            g.previous = g.current
            g.current = [:]
        }
    }
}

/// A duplicate signature's inputs.
struct SignatureKey: Hashable, Sendable {
    var text: String
    var place: String?
}
