// Reading the hot-path messages from `JSONReader`'s tree, field by field, with the same rules as
// their `Codable` conformances (EnvelopeTests check both agree).

private func required<T>(_ value: T?, _ name: String) throws(EnvelopeError) -> T {
    guard let value else { throw EnvelopeError("\(name) is missing") }
    return value
}

/// A type the bus reads by hand (see `JSONReader`).
public protocol JSONReadable: Decodable {
    init(json: JSONValue) throws(EnvelopeError)
}

extension ContactEnvelope: JSONReadable {
    public init(json: JSONValue) throws(EnvelopeError) {
        try self.init(fields: JSONFields(json), schema: Self.schemaName)
    }

    init(fields f: JSONFields, schema expected: String) throws(EnvelopeError) {
        let schema = try f.string("schema")
        guard schema == expected else { throw EnvelopeError("expected schema \(expected), got \(schema)") }
        self.schema = Self.schemaName
        id = try f.string("id")
        revision = try f.optionalInt("revision") ?? 1
        channel = try f.string("channel")
        adapter = try f.string("adapter")
        externalID = try f.optionalString("external_id")
        let received = try f.string("received_at")
        guard let date = RFC3339.date(from: received) else { throw EnvelopeError("received_at is not an RFC 3339 date-time: \(received)") }
        receivedAt = date
        let s = try f.object("sender")
        guard let kind = try s.enumeration("kind", Sender.Kind.self) else { throw EnvelopeError("sender.kind is missing") }
        sender = Sender(kind: kind, address: try s.optionalString("address"), name: try s.optionalString("name"))
        conversation = try f.optionalString("conversation")
        caseRef = try f.optionalString("case_ref")
        language = try f.string("language")
        text = try f.string("text")
        if let l = try f.optionalObject("location") {
            guard let source = try l.enumeration("source", Location.Source.self) else { throw EnvelopeError("location.source is missing") }
            location = Location(text: try l.optionalString("text"), lat: try l.optionalDouble("lat"), lon: try l.optionalDouble("lon"),
                                source: source, accuracyM: try l.optionalDouble("accuracy_m"))
        } else {
            location = nil
        }
        var attachments: [Attachment] = []
        for (n, a) in (try f.optionalArray("attachments") ?? []).enumerated() {
            let af = try JSONFields(a, path: "attachments[\(n)]")
            attachments.append(Attachment(sha256: try af.string("sha256"), mediaType: try af.string("media_type"),
                                          bytes: try required(af.optionalInt("bytes"), "attachments[\(n)].bytes"),
                                          name: try af.optionalString("name")))
        }
        self.attachments = attachments
        channelData = try f.optionalObject("channel_data")?.members ?? [:]
    }
}

extension EnrichedContact: JSONReadable {
    public init(json: JSONValue) throws(EnvelopeError) {
        let f = try JSONFields(json)
        contact = try ContactEnvelope(fields: f, schema: Self.schemaName)
        if let g = try f.optionalObject("geo") {
            guard let method = try g.enumeration("method", GeoResult.Method.self) else { throw EnvelopeError("geo.method is missing") }
            geo = GeoResult(method: method, lat: try g.optionalDouble("lat"), lon: try g.optionalDouble("lon"),
                            matched: try g.optionalString("matched"),
                            confidence: try required(g.optionalDouble("confidence"), "geo.confidence"),
                            jurisdiction: try g.optionalString("jurisdiction"), ward: try g.optionalString("ward"),
                            neighborhood: try g.optionalString("neighborhood"))
        } else {
            geo = nil
        }
        if let t = try f.optionalObject("triage") {
            guard let priority = try t.enumeration("priority", TriageResult.Priority.self) else { throw EnvelopeError("triage.priority is missing") }
            var matched: [String] = []
            for m in try t.optionalArray("matched") ?? [] {
                guard case .string(let s) = m else { throw EnvelopeError("triage.matched holds a non-string") }
                matched.append(s)
            }
            triage = TriageResult(category: try t.string("category"), priority: priority,
                                  emergency: try required(t.optionalBool("emergency"), "triage.emergency"),
                                  referral: try t.optionalString("referral"), routedTo: try t.optionalString("routed_to"), matched: matched)
        } else {
            triage = nil
        }
        let d = try f.object("dedup")
        guard let verdict = try d.enumeration("verdict", DedupVerdict.Verdict.self) else { throw EnvelopeError("dedup.verdict is missing") }
        dedup = DedupVerdict(verdict: verdict, caseRef: try d.optionalString("case_ref"), similarity: try d.optionalDouble("similarity"),
                             distanceM: try d.optionalDouble("distance_m"), firstVerdict: try d.enumeration("first_verdict", DedupVerdict.Verdict.self))
    }
}
