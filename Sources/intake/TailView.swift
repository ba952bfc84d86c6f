import Foundation
import IntakeCore

/// One bus message as `intake tail` sees it: the facts an operator scans for, read from the
/// topic where it carries them and from the payload otherwise.
struct TailMessage {
    var topic: String
    var retained: Bool
    var traceparent: String?
    var payload: [UInt8]
    /// The topic's first level under the prefix: contact, enriched, case, reply, escalation…
    var kind: String
    var json: JSONValue?

    init(topic: String, retained: Bool, traceparent: String?, payload: [UInt8], prefix: String) {
        self.topic = topic
        self.retained = retained
        self.traceparent = traceparent
        self.payload = payload
        let levels = topic.hasPrefix(prefix + "/") ? topic.dropFirst(prefix.count + 1).split(separator: "/").map(String.init) : []
        kind = levels.first ?? topic
        topicLevels = levels
        json = try? JSONReader.parse(payload)
    }

    private let topicLevels: [String]

    private var object: [String: JSONValue] {
        if case .object(let o)? = json { return o }
        return [:]
    }

    private func string(_ key: String, in o: [String: JSONValue]? = nil) -> String? {
        (o ?? object)[key]?.stringValue
    }

    private var triage: [String: JSONValue] {
        if case .object(let t)? = object["triage"] { return t }
        return [:]
    }

    /// contact/{channel}, enriched/{channel} and reply/{channel} carry it; the payload otherwise.
    var channel: String? {
        if ["contact", "enriched", "reply"].contains(kind), topicLevels.count >= 2 { return topicLevels[1] }
        return string("channel")
    }

    var caseRef: String? {
        if kind == "case", topicLevels.count >= 2 { return topicLevels[1] }
        return string("case_ref")
    }

    var category: String? { string("category") ?? string("category", in: triage) }

    var priority: String? { string("priority") ?? string("priority", in: triage) }

    /// The resident's address, for contacts and enriched contacts only.
    var sender: String? {
        guard ["contact", "enriched"].contains(kind), case .object(let s)? = object["sender"] else { return nil }
        return s["address"]?.stringValue
    }

    var text: String? { string("text") }

    var at: Date? {
        for key in ["received_at", "at", "committed_at", "last_seen"] {
            if let s = string(key), let d = RFC3339.date(from: s) { return d }
        }
        return nil
    }
}

/// Which messages `intake tail` prints: every channel and category named (none named: all).
struct TailFilter {
    var channels: Set<String> = []
    var categories: Set<String> = []

    /// Values given as repeated options, comma lists, or both.
    static func values(_ options: [String]) -> [String] {
        options.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func accepts(_ m: TailMessage) -> Bool {
        if !channels.isEmpty, !(m.channel.map { channels.contains($0.lowercased()) } ?? false) { return false }
        if !categories.isEmpty, !(m.category.map { categories.contains($0.lowercased()) } ?? false) { return false }
        return true
    }

    /// MQTT filters for `--topic` values: a filter as given, or a kind (`contact`, `case`…) for
    /// everything of that kind under the prefix.
    static func topicFilters(_ values: [String], topics: TopicTree) -> [String] {
        let v = Self.values(values)
        if v.isEmpty { return [topics.everything] }
        return v.map { $0.contains("/") || $0 == "#" ? $0 : "\(topics.prefix)/\($0)/#" }
    }
}

/// Lines for a person (compact, coloured on a terminal) or for a program (`--json`).
struct TailFormatter {
    var colour: Bool
    var showText: Bool
    var timeZone: TimeZone = .current

    /// `--color auto` colours a terminal unless NO_COLOR is set (https://no-color.org).
    static func wantsColour(_ mode: String, isTerminal: Bool, environment: [String: String]) -> Bool {
        switch mode {
        case "always": true
        case "never": false
        default: isTerminal && (environment["NO_COLOR"] ?? "").isEmpty
        }
    }

    func line(_ m: TailMessage, now: Date = Date()) -> String {
        let f = DateFormatter()
        f.dateFormat = "HH:mm:ss"
        f.timeZone = timeZone
        f.locale = Locale(identifier: "en_US_POSIX")
        var parts = [
            paint(f.string(from: m.at ?? now), "2"),
            paint(m.kind.padding(toLength: 10, withPad: " ", startingAt: 0), Self.kindColour[m.kind] ?? "0"),
            (m.channel ?? "-").padding(toLength: 9, withPad: " ", startingAt: 0),
            paint((m.caseRef ?? "-").padding(toLength: 16, withPad: " ", startingAt: 0), "1"),
            (m.category ?? "-").padding(toLength: 22, withPad: " ", startingAt: 0),
            paint((m.priority ?? "-").padding(toLength: 9, withPad: " ", startingAt: 0),
                  ["high", "emergency"].contains(m.priority ?? "") ? "31" : "0"),
        ]
        if let s = m.sender { parts.append("from " + Self.redact(s)) }
        if let s = m.surgeSummary { parts.append(paint(s, "1;33")) }
        if m.retained { parts.append(paint("(retained)", "2")) }
        if m.json == nil { parts.append("\(m.payload.count) bytes, not JSON") }
        if showText, let t = m.text { parts.append("“\(t.replacingOccurrences(of: "\n", with: " "))”") }
        return parts.joined(separator: " ")
    }

    /// `{"topic":…,"retained":…,"traceparent":…,"payload":…}`: the payload as JSON (as a string
    /// when it is not JSON).
    func json(_ m: TailMessage) -> String {
        var w = JSONWriter()
        w.object { w in
            w.field("topic", m.topic)
            w.field("retained", m.retained)
            w.key("traceparent")
            if let t = m.traceparent { w.string(t) } else { w.null() }
            w.key("payload")
            if let j = m.json { w.value(j) } else { w.string(String(decoding: m.payload, as: UTF8.self)) }
        }
        return String(decoding: w.bytes, as: UTF8.self)
    }

    /// A resident's number or address, with only its first character and last two left.
    static func redact(_ address: String) -> String {
        let chars = Array(address)
        guard chars.count > 4 else { return String(repeating: "•", count: chars.count) }
        return String(chars[0]) + String(repeating: "•", count: chars.count - 3) + String(chars.suffix(2))
    }

    static let kindColour = ["contact": "36", "enriched": "34", "case": "32", "reply": "35", "escalation": "1;31", "alert": "1;33",
                             "deadletter": "33", "receipt": "2", "status": "2"]

    private func paint(_ s: String, _ code: String) -> String {
        colour && code != "0" ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s
    }
}
