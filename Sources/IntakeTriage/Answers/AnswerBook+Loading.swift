import Foundation
import Yams

/// An answers file that cannot be used: where (file and line) and why.
public struct AnswerBookError: Error, CustomStringConvertible, Sendable, Equatable {
    public var file: String
    /// 1-based; 0 when the fault is the whole file.
    public var line: Int
    public var reason: String

    public var description: String { line > 0 ? "\(file):\(line): \(reason)" : "\(file): \(reason)" }

    public init(file: String, line: Int, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }
}

extension AnswerBook {
    /// Loads and checks the answers file.
    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AnswerBookError(file: path, line: 0, reason: "cannot read the answers file")
        }
        try self.init(yaml: String(decoding: data, as: UTF8.self), file: path)
    }

    /// Reads YAML and checks every entry; a mistake is reported with the line it is on.
    public init(yaml: String, file: String = "answers.yaml") throws {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let e as YamlError {
            throw AnswerBookError(file: file, line: Self.line(of: e), reason: "not valid YAML: \(e)")
        }
        let r = AnswerFileReader(file: file)
        guard let root, let top = root.mapping else { throw r.fail(root, "the file must be a mapping with an `answers` list") }
        try r.onlyKeys(top, ["min_score", "margin", "staff_will_answer", "link_label", "question_cues", "request_cues", "answers"])
        let minimum = try top["min_score"].map { try r.number($0, "min_score") } ?? 1.0
        guard minimum > 0 else { throw r.fail(top["min_score"], "min_score must be above 0") }
        let margin = try top["margin"].map { try r.number($0, "margin") } ?? 0.25
        guard margin >= 0 else { throw r.fail(top["margin"], "margin must not be negative") }
        guard let staff = top["staff_will_answer"] else { throw r.fail(root, "staff_will_answer (en and es) is missing") }
        let staffText = try r.localized(staff, "staff_will_answer")
        let label = try top["link_label"].map { try r.localized($0, "link_label") } ?? ["en": "More:", "es": "Más:"]
        let questionCues = try top["question_cues"].map { try r.phrases($0, "question_cues", requireEvery: true) } ?? [:]
        let requestCues = try top["request_cues"].map { try r.phrases($0, "request_cues", requireEvery: true) } ?? [:]
        guard let list = top["answers"] else { throw r.fail(root, "the `answers` list is missing") }
        guard let items = list.sequence, !items.isEmpty else { throw r.fail(list, "`answers` must be a list with at least one entry") }
        var entries: [Entry] = []
        var seen: [String: Int] = [:]
        for item in items {
            let e = try r.entry(item)
            if let first = seen[e.id] { throw r.fail(item, "answer id \(e.id) is listed twice (first on line \(first))") }
            seen[e.id] = e.line
            entries.append(e)
        }
        self.init(entries: entries, questionCues: questionCues, requestCues: requestCues, staffWillAnswer: staffText, linkLabel: label,
                  minimumScore: minimum, margin: margin)
    }

    private static func line(of e: YamlError) -> Int {
        switch e {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: 0
        }
    }
}

/// Walks the file's nodes; every error names the node's line.
struct AnswerFileReader {
    let file: String

    func fail(_ node: Node?, _ reason: String) -> AnswerBookError {
        AnswerBookError(file: file, line: node?.mark?.line ?? 0, reason: reason)
    }

    func onlyKeys(_ map: Node.Mapping, _ allowed: Set<String>) throws {
        for (k, _) in map {
            guard let key = k.string, allowed.contains(key) else {
                throw fail(k, "unknown key `\(k.string ?? "?")` (expected one of: \(allowed.sorted().joined(separator: ", ")))")
            }
        }
    }

    func text(_ node: Node, _ what: String) throws -> String {
        guard let s = node.scalar?.string, !s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw fail(node, "\(what) must be non-empty text")
        }
        return s.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func number(_ node: Node, _ what: String) throws -> Double {
        guard let s = node.scalar?.string, let v = Double(s) else { throw fail(node, "\(what) must be a number") }
        return v
    }

    /// `{en: …, es: …}`: both languages required.
    func localized(_ node: Node, _ what: String) throws -> AnswerBook.Localized {
        guard let map = node.mapping else { throw fail(node, "\(what) must give the text per language (en: …, es: …)") }
        var out: AnswerBook.Localized = [:]
        for (k, v) in map {
            guard let lang = k.string, lang.count == 2 else { throw fail(k, "\(what): `\(k.string ?? "?")` is not a language tag like en or es") }
            out[lang] = try text(v, "\(what).\(lang)")
        }
        for lang in AnswerBook.languages where out[lang] == nil { throw fail(node, "\(what) has no \(lang) text") }
        return out
    }

    /// `{en: [..], es: [..]}`; each phrase must have words.
    func phrases(_ node: Node, _ what: String, requireEvery: Bool) throws -> AnswerBook.Phrases {
        guard let map = node.mapping else { throw fail(node, "\(what) must list phrases per language (en: [...], es: [...])") }
        var out: AnswerBook.Phrases = [:]
        for (k, v) in map {
            guard let lang = k.string, lang.count == 2 else { throw fail(k, "\(what): `\(k.string ?? "?")` is not a language tag like en or es") }
            guard let list = v.sequence else { throw fail(v, "\(what).\(lang) must be a list of phrases") }
            out[lang] = try list.map { p in
                let s = try text(p, "a phrase of \(what).\(lang)")
                guard !TriageTokenizer.words(s).isEmpty else { throw fail(p, "phrase \"\(s)\" of \(what).\(lang) has no words") }
                return s
            }
        }
        if requireEvery {
            for lang in AnswerBook.languages where out[lang]?.isEmpty ?? true { throw fail(node, "\(what) has no \(lang) phrases") }
        }
        return out
    }

    func entry(_ node: Node) throws -> AnswerBook.Entry {
        guard let map = node.mapping else { throw fail(node, "each answer must be a mapping with id, questions, keywords and answer") }
        try onlyKeys(map, ["id", "questions", "keywords", "answer", "link", "areas"])
        guard let idNode = map["id"] else { throw fail(node, "an answer has no id") }
        let id = try text(idNode, "id")
        guard id.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw fail(idNode, "answer id `\(id)` may use only lowercase letters, digits, - and _")
        }
        guard let answerNode = map["answer"] else { throw fail(node, "answer \(id) has no answer text (en and es)") }
        let answer = try localized(answerNode, "answer \(id): answer")
        let questions = try map["questions"].map { try phrases($0, "answer \(id): questions", requireEvery: false) } ?? [:]
        let keywords = try map["keywords"].map { try phrases($0, "answer \(id): keywords", requireEvery: false) } ?? [:]
        for lang in AnswerBook.languages where (questions[lang] ?? []).isEmpty && (keywords[lang] ?? []).isEmpty {
            throw fail(node, "answer \(id) has neither questions nor keywords in \(lang): nothing could ever match it")
        }
        var link: String?
        if let l = map["link"] {
            let s = try text(l, "answer \(id): link")
            guard s.hasPrefix("https://") || s.hasPrefix("http://") else { throw fail(l, "answer \(id): link must start with https:// or http://") }
            link = s
        }
        var areas: [AnswerBook.AreaAnswer] = []
        if let a = map["areas"] {
            guard let list = a.sequence else { throw fail(a, "answer \(id): areas must be a list") }
            for item in list {
                guard let m = item.mapping else { throw fail(item, "answer \(id): each area is a mapping") }
                try onlyKeys(m, ["jurisdiction", "neighborhood", "ward", "answer"])
                guard let areaAnswer = m["answer"] else { throw fail(item, "answer \(id): an area has no answer text") }
                let area = AnswerBook.AreaAnswer(
                    jurisdiction: try m["jurisdiction"].map { try text($0, "jurisdiction") },
                    neighborhood: try m["neighborhood"].map { try text($0, "neighborhood") },
                    ward: try m["ward"].map { try text($0, "ward") },
                    answer: try localized(areaAnswer, "answer \(id): area answer"))
                guard area.jurisdiction != nil || area.neighborhood != nil || area.ward != nil else {
                    throw fail(item, "answer \(id): an area names none of jurisdiction, neighborhood, ward")
                }
                areas.append(area)
            }
        }
        return AnswerBook.Entry(id: id, questions: questions, keywords: keywords, answer: answer, link: link, areas: areas,
                                line: node.mark?.line ?? 0)
    }
}
