/// Finds many phrases in a text at once: a trie over whole words, built once from the rules.
///
/// Matching walks the trie from every word of the text, so its cost grows with the text's
/// length times the longest phrase, never with the number of phrases; nothing is compiled per
/// contact. A phrase's last word also matches its plural in -s or -es, and a phrase written with
/// a final `*` matches any word starting with its last word.
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

    /// Adds a phrase; returns false when it has no words.
    @discardableResult
    mutating func add(_ phrase: String, payload: Int32) -> Bool {
        let wildcard = phrase.trimmingCharacters(in: " ").hasSuffix("*")
        let words = FoldedTokens.of(phrase)
        guard !words.isEmpty else { return false }
        var node: Int32 = 0
        for word in words.dropLast() { node = child(node, word) }
        let last = words[words.count - 1]
        var ends: [Int32] = []
        if wildcard {
            ends.append(prefixChild(node, last))
        } else {
            ends.append(child(node, last))
            if last.count >= 3, last.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) {
                ends.append(child(node, last + "s"))
                ends.append(child(node, last + "es"))
            }
        }
        for e in ends where !nodes[Int(e)].payloads.contains(payload) {
            nodes[Int(e)].payloads.append(payload)
        }
        return true
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

    /// Every occurrence of every phrase, overlapping ones included.
    func hits(in words: [String]) -> [Hit] {
        var hits: [Hit] = []
        var stack: [(node: Int32, at: Int)] = []
        for start in words.indices {
            stack.append((0, start))
            while let (node, at) = stack.popLast() {
                let n = nodes[Int(node)]
                if at > start {
                    for p in n.payloads { hits.append(Hit(payload: p, start: start, end: at)) }
                }
                guard at < words.count else { continue }
                let word = words[at]
                if let next = n.next[word] { stack.append((next, at + 1)) }
                for p in n.prefixes where word.hasPrefix(p.prefix) { stack.append((p.node, at + 1)) }
            }
        }
        return hits
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> Substring {
        var s = Substring(self)
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return s
    }
}
