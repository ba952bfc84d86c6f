/// Finds street names one typo away ("herford" → "hereford") without scanning the vocabulary.
///
/// Symmetric-delete index: every name is stored under itself and under each string one deletion
/// away. A query looks up itself and its own one-deletion strings; that finds every name within
/// one insertion, deletion, substitution or swap of neighbours, which `EditDistance` confirms.
/// A lookup costs (query length + 1) hash probes.
struct StreetFuzzyIndex: Sendable {
    private var table: [String: [Int32]] = [:]
    private let names: [[UInt8]]
    let minLength: Int

    init(names: [String], minLength: Int) {
        self.minLength = minLength
        self.names = names.map { Array($0.utf8) }
        for (id, name) in self.names.enumerated() where name.count >= minLength {
            var keys = Set<[UInt8]>()
            keys.insert(name)
            for i in name.indices {
                var d = name
                d.remove(at: i)
                keys.insert(d)
            }
            for k in keys {
                table[String(decoding: k, as: UTF8.self), default: []].append(Int32(id))
            }
        }
    }

    /// Ids of names within one edit of `query`, the query itself excluded. A query one letter
    /// shorter than `minLength` still finds the names it is a deletion of ("pod" → "pond").
    func nearby(_ query: String) -> [Int32] {
        let q = Array(query.utf8)
        guard q.count >= minLength - 1 else { return [] }
        var found: [Int32] = []
        func probe(_ key: [UInt8]) {
            guard let ids = table[String(decoding: key, as: UTF8.self)] else { return }
            for id in ids where !found.contains(id) {
                let name = names[Int(id)]
                if name != q && EditDistance.withinOne(name, q) { found.append(id) }
            }
        }
        probe(q)
        guard q.count >= minLength else { return found }
        var seen = Set<[UInt8]>()
        for i in q.indices {
            var d = q
            d.remove(at: i)
            if seen.insert(d).inserted { probe(d) }
        }
        return found
    }

    /// Entries held, for the memory report.
    var entryCount: Int { table.count }
}
