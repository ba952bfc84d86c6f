/// Finds many phrases in a text at once: a trie over word keys (stems), built once from the rules.
///
/// Matching walks the trie from every word of the text, so its cost grows with the text's
/// length times the longest phrase, never with the number of phrases; nothing is compiled per
/// contact. A phrase written with a final `*` matches any word starting with its last word.
struct PhraseMatcher: Sendable {
    struct Hit: Sendable, Equatable {
        var payload: Int32
        /// Word range [start, end) in the text.
        var start: Int
        var end: Int
        var length: Int { end - start }
    }

    private struct Node: Sendable {
        var next: [String: Int32] = [:]
        var prefixes: [(prefix: String, node: Int32)] = []
        var payloads: [Int32] = []
    }

    private var nodes: [Node] = [Node()]

    /// Adds a phrase given as word keys; `prefix` instead of a last key makes the last word a
    /// prefix of the text's (folded) word.
    mutating func add(keys: [String], prefix: String? = nil, payload: Int32) {
        var node: Int32 = 0
        for key in keys { node = child(node, key) }
        if let prefix { node = prefixChild(node, prefix) }
        if !nodes[Int(node)].payloads.contains(payload) { nodes[Int(node)].payloads.append(payload) }
    }

    private mutating func child(_ node: Int32, _ word: String) -> Int32 {
        if let n = nodes[Int(node)].next[word] { return n }
        let n = Int32(nodes.count)
        nodes.append(Node())
        nodes[Int(node)].next[word] = n
        return n
    }

    private mutating func prefixChild(_ node: Int32, _ prefix: String) -> Int32 {
        if let p = nodes[Int(node)].prefixes.first(where: { $0.prefix == prefix }) { return p.node }
        let n = Int32(nodes.count)
        nodes.append(Node())
        nodes[Int(node)].prefixes.append((prefix, n))
        return n
    }

    /// Every occurrence of every phrase, overlapping ones included. `keys[i]` is the key of the
    /// text's word `words[i]`.
    func hits(keys: [String], words: [String], into hits: inout [Hit]) {
        var stack: [(node: Int32, at: Int)] = []
        for start in keys.indices {
            stack.append((0, start))
            while let (node, at) = stack.popLast() {
                let n = nodes[Int(node)]
                if at > start {
                    for p in n.payloads { hits.append(Hit(payload: p, start: start, end: at)) }
                }
                guard at < keys.count else { continue }
                if let next = n.next[keys[at]] { stack.append((next, at + 1)) }
                for p in n.prefixes where words[at].hasPrefix(p.prefix) { stack.append((p.node, at + 1)) }
            }
        }
    }
}
