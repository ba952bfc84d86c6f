/// Finds street names one typo away ("herford" → "hereford") without scanning the vocabulary.
///
/// Symmetric-delete index: every name is stored under itself and under each string one deletion
/// away. A query looks up itself and its own one-deletion strings; that finds every name within
/// one insertion, deletion, substitution or swap of neighbours, which `EditDistance` confirms.
/// A lookup costs (query length + 1) hash probes. Keys are 64-bit hashes of the bytes, not
/// strings: a collision only adds a candidate, and `EditDistance` rejects it.
struct StreetFuzzyIndex: Sendable {
    private var table: [UInt64: [Int32]] = [:]
    private let names: [[UInt8]]
    let minLength: Int

    init(names: [String], minLength: Int) {
        self.minLength = minLength
        self.names = names.map { Array($0.utf8) }
        for (id, name) in self.names.enumerated() where name.count >= minLength {
            var keys = Set<UInt64>()
            keys.insert(Self.key(name, skipping: nil))
            for i in name.indices { keys.insert(Self.key(name, skipping: i)) }
            for k in keys { table[k, default: []].append(Int32(id)) }
        }
    }

    /// Ids of names within one edit of `query`, the query itself excluded. A query one letter
    /// shorter than `minLength` still finds the names it is a deletion of ("pod" → "pond").
    func nearby(_ query: String) -> [Int32] {
        let q = Array(query.utf8)
        guard q.count >= minLength - 1 else { return [] }
        var found: [Int32] = []
        func probe(_ key: UInt64) {
            guard let ids = table[key] else { return }
            for id in ids where !found.contains(id) {
                let name = names[Int(id)]
                if name != q && EditDistance.withinOne(name, q) { found.append(id) }
            }
        }
        probe(Self.key(q, skipping: nil))
        guard q.count >= minLength else { return found }
        // Deleting either of two equal neighbours gives the same string: probe it once (a set of
        // byte arrays to find that out would cost more than the probes).
        for i in q.indices where i == 0 || q[i] != q[i - 1] {
            probe(Self.key(q, skipping: i))
        }
        return found
    }

    /// FNV-1a over the bytes, leaving out the byte at `skipping`: the key of a one-deletion
    /// string without building it.
    static func key(_ bytes: [UInt8], skipping: Int?) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for (i, b) in bytes.enumerated() where i != skipping {
            h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3
        }
        return h
    }

    /// Entries held, for the memory report.
    var entryCount: Int { table.count }
}
