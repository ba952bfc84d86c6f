// How the contact and the enriched contact are read: the one decoder of each (see `JSONReader`;
// EnvelopeJSON.swift writes them). Absent and null read alike, as absent.

/// A type the bus reads by hand (see `JSONReader`).
public protocol JSONReadable {
    init(json: JSONValue) throws(EnvelopeError)
}

/// A part of a message, read from its object.
protocol JSONFieldsReadable {
    init(fields: JSONFields) throws(EnvelopeError)
}

extension JSONFields {
    func optional<T: JSONFieldsReadable>(_ key: String, _: T.Type) throws(EnvelopeError) -> T? {
        guard let f = try optionalObject(key) else { return nil }
        return try T(fields: f)
    }

    func required<T: JSONFieldsReadable>(_ key: String, _: T.Type) throws(EnvelopeError) -> T {
        try T(fields: object(key))
    }
}

extension ContactEnvelope: JSONReadable {
    public init(json: JSONValue) throws(EnvelopeError) {
        try self.init(fields: JSONFields(json), schema: Self.schemaName)
    }

    init(fields f: JSONFields, schema expected: String) throws(EnvelopeError) {
        try f.expectSchema(expected)
        self.schema = Self.schemaName
        id = try f.string("id")
        revision = try f.optionalInt("revision") ?? 1
        channel = try f.string("channel")
        adapter = try f.string("adapter")
        externalID = try f.optionalString("external_id")
        receivedAt = try f.date("received_at")
        sender = try f.required("sender", Sender.self)
        conversation = try f.optionalString("conversation")
        caseRef = try f.optionalString("case_ref")
        language = try f.string("language")
        text = try f.string("text")
        location = try f.optional("location", Location.self)
        attachments = try f.objects("attachments") { a throws(EnvelopeError) in try Attachment(fields: a) }
        channelData = try f.optionalObject("channel_data")?.members ?? [:]
    }
}

extension Sender: JSONFieldsReadable {
    init(fields s: JSONFields) throws(EnvelopeError) {
        self.init(kind: try s.requiredEnumeration("kind", Kind.self), address: try s.optionalString("address"),
                  name: try s.optionalString("name"))
    }
}

extension Location: JSONFieldsReadable {
    init(fields l: JSONFields) throws(EnvelopeError) {
        self.init(text: try l.optionalString("text"), lat: try l.optionalDouble("lat"), lon: try l.optionalDouble("lon"),
                  source: try l.requiredEnumeration("source", Source.self), accuracyM: try l.optionalDouble("accuracy_m"))
    }
}

extension Attachment: JSONFieldsReadable {
    init(fields a: JSONFields) throws(EnvelopeError) {
        self.init(sha256: try a.string("sha256"), mediaType: try a.string("media_type"), bytes: try a.int("bytes"),
                  name: try a.optionalString("name"))
    }
}

extension EnrichedContact: JSONReadable {
    public init(json: JSONValue) throws(EnvelopeError) {
        let f = try JSONFields(json)
        contact = try ContactEnvelope(fields: f, schema: Self.schemaName)
        geo = try f.optional("geo", GeoResult.self)
        triage = try f.optional("triage", TriageResult.self)
        dedup = try f.required("dedup", DedupVerdict.self)
        surge = try f.optional("surge", SurgeMark.self)
        inquiry = try f.optional("inquiry", InquiryVerdict.self)
    }
}

extension GeoResult: JSONFieldsReadable {
    init(fields g: JSONFields) throws(EnvelopeError) {
        self.init(method: try g.requiredEnumeration("method", Method.self), lat: try g.optionalDouble("lat"),
                  lon: try g.optionalDouble("lon"), matched: try g.optionalString("matched"),
                  confidence: try g.double("confidence"), jurisdiction: try g.optionalString("jurisdiction"),
                  ward: try g.optionalString("ward"), neighborhood: try g.optionalString("neighborhood"),
                  candidate: try g.optional("candidate", GeoCandidate.self))
    }
}

extension GeoCandidate: JSONFieldsReadable {
    init(fields c: JSONFields) throws(EnvelopeError) {
        self.init(text: try c.string("text"), lat: try c.double("lat"), lon: try c.double("lon"),
                  confidence: try c.double("confidence"))
    }
}

extension TriageResult: JSONFieldsReadable {
    init(fields t: JSONFields) throws(EnvelopeError) {
        self.init(category: try t.string("category"), priority: try t.requiredEnumeration("priority", Priority.self),
                  emergency: try t.bool("emergency"), referral: try t.optionalString("referral"),
                  routedTo: try t.optionalString("routed_to"), matched: try t.strings("matched"),
                  emergencyTier: try t.enumeration("emergency_tier", EmergencyTier.self),
                  needsReview: try t.optionalBool("needs_review") ?? false,
                  candidates: try t.objects("candidates") { c throws(EnvelopeError) in
                      Candidate(category: try c.string("category"), score: try c.double("score"))
                  })
    }
}

extension DedupVerdict: JSONFieldsReadable {
    init(fields d: JSONFields) throws(EnvelopeError) {
        self.init(verdict: try d.requiredEnumeration("verdict", Verdict.self), caseRef: try d.optionalString("case_ref"),
                  similarity: try d.optionalDouble("similarity"), distanceM: try d.optionalDouble("distance_m"),
                  firstVerdict: try d.enumeration("first_verdict", Verdict.self))
    }
}
