/// What PostgreSQL cannot store, taken out of a contact before its adapter accepts it.
///
/// A NUL character is valid UTF-8 and valid JSON (`\u0000`), so providers can send one, but
/// PostgreSQL refuses it in `text` and `jsonb`: such a contact would be answered 200 and then never
/// stored. Adapters therefore remove NULs (`ContactIntake.submit` does it for every channel) and
/// record which fields were cleaned in `channel_data.intake_cleaned`. Bytes that are not UTF-8 never
/// get this far: the form and JSON readers refuse them, and the webhook answers 400.
extension ContactEnvelope {
    /// The key in `channel_data` that lists the fields NULs were removed from.
    public static let cleanedKey = "intake_cleaned"

    /// The contact with every NUL removed from its strings, and the fields that had one.
    public func withoutNULs() -> (contact: ContactEnvelope, cleaned: [String]) {
        var c = self
        var cleaned: [String] = []
        func clean(_ s: inout String, _ field: String) {
            guard s.utf8.contains(0) else { return }
            s.removeAll { $0 == "\u{0}" }
            cleaned.append(field)
        }
        func cleanOptional(_ s: inout String?, _ field: String) {
            guard var v = s else { return }
            clean(&v, field)
            s = v
        }
        clean(&c.text, "text")
        cleanOptional(&c.externalID, "external_id")
        cleanOptional(&c.conversation, "conversation")
        cleanOptional(&c.sender.address, "sender.address")
        cleanOptional(&c.sender.name, "sender.name")
        if var l = c.location {
            cleanOptional(&l.text, "location.text")
            c.location = l
        }
        for i in c.attachments.indices { cleanOptional(&c.attachments[i].name, "attachments.name") }
        var data: [String: JSONValue] = [:]
        var dataCleaned = false
        for (k, v) in c.channelData {
            var key = k
            if key.utf8.contains(0) { key.removeAll { $0 == "\u{0}" }; dataCleaned = true }
            data[key] = Self.withoutNULs(v, cleaned: &dataCleaned)
        }
        if dataCleaned { cleaned.append("channel_data") }
        c.channelData = data
        if !cleaned.isEmpty { c.channelData[Self.cleanedKey] = .array(cleaned.map { .string($0) }) }
        return (c, cleaned)
    }

    private static func withoutNULs(_ v: JSONValue, cleaned: inout Bool) -> JSONValue {
        switch v {
        case .string(let s) where s.utf8.contains(0):
            cleaned = true
            return .string(s.filter { $0 != "\u{0}" })
        case .array(let a):
            return .array(a.map { withoutNULs($0, cleaned: &cleaned) })
        case .object(let o):
            var out: [String: JSONValue] = [:]
            for (k, x) in o {
                var key = k
                if key.utf8.contains(0) { key.removeAll { $0 == "\u{0}" }; cleaned = true }
                out[key] = withoutNULs(x, cleaned: &cleaned)
            }
            return .object(out)
        default:
            return v
        }
    }
}
