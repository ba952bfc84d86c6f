import IntakeCore
import Testing

@Suite("Recent ids")
struct RecentIDsTests {
    @Test("the oldest ids are forgotten past the capacity")
    func bounded() {
        var set = RecentIDs<Void>(capacity: 3)
        for id in ["a", "b", "c", "d"] {
            let inserted = set.insert(id)
            #expect(inserted)
        }
        #expect(set.count == 3)
        #expect(!set.contains("a"))
        #expect(set.contains("b") && set.contains("c") && set.contains("d"))
        let again = set.insert("d")
        #expect(!again)
    }

    @Test("removing and inserting again never takes it past its capacity")
    func removeThenInsert() {
        var set = RecentIDs<Void>(capacity: 3)
        for id in ["a", "b", "c"] { set.insert(id) }
        set.remove("b")
        #expect(set.count == 2 && !set.contains("b"))
        set.insert("b")
        #expect(set.count == 3)
        set.insert("d")
        #expect(set.count == 3)
        // "b" came back after "c": "a" and then "c" are the oldest.
        #expect(!set.contains("a") && set.contains("c") && set.contains("b") && set.contains("d"))
        for round in 0..<100 {
            set.remove("d")
            set.insert("d")
            set.insert("x\(round)")
            #expect(set.count <= 3)
        }
        #expect(set.contains("x99") && set.contains("d"))
    }

    @Test("a known id keeps its age and takes the new value")
    func valuesUpdate() {
        var recent = RecentIDs<Int>(capacity: 2)
        let first = [recent.insert("a", 1), recent.insert("b", 2)]
        #expect(first == [true, true])
        let again = recent.insert("a", 10)
        #expect(!again)
        #expect(recent["a"] == 10)
        recent.insert("c", 3)
        #expect(recent["a"] == nil)
        #expect(recent["b"] == 2 && recent["c"] == 3)
    }

    @Test("any mix of inserts and removes stays within capacity and forgets the oldest first")
    func randomOperations() {
        var generator = SplitMix64(seed: 311)
        for capacity in [1, 2, 5, 17, 64] {
            var recent = RecentIDs<Int>(capacity: capacity)
            // The ids the cache should still hold, oldest first.
            var model: [String] = []
            for step in 0..<5_000 {
                let id = "id\(generator.next() % UInt64(capacity * 3))"
                if generator.next() % 4 == 0 {
                    recent.remove(id)
                    model.removeAll { $0 == id }
                } else {
                    let isNew = recent.insert(id, step)
                    #expect(isNew == !model.contains(id))
                    if isNew { model.append(id) }
                    #expect(recent[id] == step)
                }
                #expect(recent.count <= capacity)
                // What went is a prefix of the model: the oldest, never a newer one.
                let kept = model.filter { recent.contains($0) }
                #expect(kept == Array(model.suffix(kept.count)), "capacity \(capacity), step \(step)")
                #expect(recent.count == kept.count)
                model = kept
            }
            // Once full, it holds at least 15/16 of its capacity, the newest ids.
            for n in 0..<(2 * capacity) {
                recent.insert("fresh\(n)", n)
                #expect(recent.count <= capacity)
            }
            #expect(recent.count >= capacity - (capacity - 1) / 16)
            #expect(recent.contains("fresh\(2 * capacity - 1)"))
        }
    }
}

/// A small seeded generator, so that the random test is the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
