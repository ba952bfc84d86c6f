import IntakeCore

extension TailMessage {
    /// What an operator reads of a surge: the alert itself (`alert/surge`: how many reports of
    /// what, where, within how long), or an enriched contact that joined one.
    var surgeSummary: String? {
        guard case .object(let o)? = json else { return nil }
        if kind == "alert", topic.hasSuffix("/surge") {
            let count = Self.number(o["count"]).map { String(Int($0)) } ?? "?"
            let minutes = Self.number(o["window_seconds"]).map { String(Int($0) / 60) } ?? "?"
            return "SURGE \(count) reports in \(o["area"]?.stringValue ?? "?") within \(minutes) min"
        }
        if kind == "enriched", case .object(let s)? = o["surge"] {
            return (s["started"] == .bool(true) ? "starts surge in " : "joins surge in ") + (s["area"]?.stringValue ?? "?")
        }
        return nil
    }

    private static func number(_ v: JSONValue?) -> Double? {
        if case .number(let n)? = v { return n }
        return nil
    }
}
