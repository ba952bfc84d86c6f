// How the bus's other messages are written and read: the one codec of each (see `JSONWriter` and
// `JSONReader`). Optional fields are left out when nil; absent and null read alike, as nil.

extension ReceiptBatch: JSONWritable, JSONReadable {
    public func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("schema", schema)
            w.field("committed_at", committedAt)
            w.key("receipts")
            w.array(receipts) { w, r in
                w.object { w in
                    w.field("contact_id", r.contactID)
                    w.field("revision", r.revision)
                    w.field("case_ref", r.caseRef)
                    w.field("outcome", r.outcome.rawValue)
                    if !r.questions.isEmpty {
                        w.key("questions")
                        w.array(r.questions) { w, q in q.write(to: &w) }
                    }
                    w.field("inquiry", r.inquiry)
                }
            }
        }
    }

    public init(json: JSONValue) throws(EnvelopeError) {
        let f = try JSONFields(json)
        try f.expectSchema(Self.schemaName)
        committedAt = try f.date("committed_at")
        receipts = try f.objects("receipts") { r throws(EnvelopeError) in
            Receipt(contactID: try r.string("contact_id"), revision: try r.optionalInt("revision") ?? 1,
                    caseRef: try r.string("case_ref"), outcome: try r.requiredEnumeration("outcome", Receipt.Outcome.self),
                    questions: try r.objects("questions") { q throws(EnvelopeError) in try ResidentQuestion(fields: q) },
                    inquiry: try r.optional("inquiry", InquiryVerdict.self))
        }
    }
}

extension CaseEvent: JSONWritable, JSONReadable {
    public func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("schema", schema)
            w.field("kind", kind.rawValue)
            w.field("case_ref", caseRef)
            w.field("contact_id", contactID)
            w.field("channel", channel)
            w.field("status", status)
            w.field("category", category)
            w.field("priority", priority)
            w.field("possible_duplicate_of", possibleDuplicateOf)
            w.field("lat", lat)
            w.field("lon", lon)
            w.field("opened_at", openedAt)
            w.field("description", description)
            w.field("location_text", locationText)
            w.field("jurisdiction", jurisdiction)
            w.field("routed_to", routedTo)
            w.field("note", note)
            w.field("duplicate_of", duplicateOf)
            w.field("at", at)
        }
    }

    public init(json: JSONValue) throws(EnvelopeError) {
        let f = try JSONFields(json)
        try f.expectSchema(Self.schemaName)
        self.init(
            kind: try f.requiredEnumeration("kind", Kind.self), caseRef: try f.string("case_ref"),
            contactID: try f.optionalString("contact_id"), channel: try f.optionalString("channel"),
            status: try f.string("status"), category: try f.optionalString("category"),
            priority: try f.optionalString("priority"), possibleDuplicateOf: try f.optionalString("possible_duplicate_of"),
            lat: try f.optionalDouble("lat"), lon: try f.optionalDouble("lon"), openedAt: try f.optionalDate("opened_at"),
            description: try f.optionalString("description"), locationText: try f.optionalString("location_text"),
            jurisdiction: try f.optionalString("jurisdiction"),
            routedTo: try f.optionalString("routed_to"), note: try f.optionalString("note"),
            duplicateOf: try f.optionalString("duplicate_of"), at: try f.date("at"))
    }
}

extension ReplyMessage: JSONWritable, JSONReadable {
    public func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("schema", schema)
            w.field("id", id)
            w.field("channel", channel)
            w.field("to", to)
            w.field("from", from)
            w.field("language", language)
            w.field("text", text)
            w.field("case_ref", caseRef)
            w.field("contact_id", contactID)
        }
    }

    public init(json: JSONValue) throws(EnvelopeError) {
        let f = try JSONFields(json)
        try f.expectSchema(Self.schemaName)
        self.init(
            id: try f.string("id"), channel: try f.string("channel"), to: try f.required("to", Sender.self),
            from: try f.optionalString("from"), language: try f.string("language"), text: try f.string("text"),
            caseRef: try f.optionalString("case_ref"), contactID: try f.optionalString("contact_id"))
    }
}

extension Escalation: JSONWritable, JSONReadable {
    public func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("schema", schema)
            w.field("id", id)
            w.field("contact_id", contactID)
            w.field("channel", channel)
            w.field("reason", reason)
            w.field("callback", callback)
            w.field("location", location)
            w.field("text", text)
            w.field("at", at)
            w.field("tier", tier?.rawValue)
            if review { w.field("review", true) }
        }
    }

    public init(json: JSONValue) throws(EnvelopeError) {
        let f = try JSONFields(json)
        try f.expectSchema(Self.schemaName)
        self.init(
            id: try f.string("id"), contactID: try f.optionalString("contact_id"), channel: try f.string("channel"),
            reason: try f.string("reason"), callback: try f.optionalString("callback"),
            location: try f.optional("location", Location.self), text: try f.optionalString("text"), at: try f.date("at"),
            tier: try f.enumeration("tier", TriageResult.EmergencyTier.self))
    }
}

extension DeadLetter: JSONWritable, JSONReadable {
    public func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("schema", schema)
            w.field("stage", stage)
            w.field("reason", reason)
            w.field("path", path)
            w.field("source_topic", sourceTopic)
            w.field("payload_base64", payloadBase64)
            w.field("at", at)
        }
    }

    public init(json: JSONValue) throws(EnvelopeError) {
        let f = try JSONFields(json)
        try f.expectSchema(Self.schemaName)
        stage = try f.string("stage")
        reason = try f.string("reason")
        path = try f.optionalString("path")
        sourceTopic = try f.optionalString("source_topic")
        payloadBase64 = try f.string("payload_base64")
        at = try f.date("at")
    }
}

extension StatusReport: JSONWritable, JSONReadable {
    public func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("schema", schema)
            w.field("component", component)
            w.field("instance", instance)
            w.field("state", state.rawValue)
            w.field("version", version)
            w.field("since", since)
            w.field("detail", detail)
            w.field("last_seen", lastSeen)
            w.field("interval_seconds", intervalSeconds)
            w.field("contacts_per_second", figures.contactsPerSecond)
            w.field("spool_depth", figures.spoolDepth)
            w.field("receipts_outstanding", figures.receiptsOutstanding)
            w.field("unacknowledged_escalations", figures.unacknowledgedEscalations)
        }
    }

    public init(json: JSONValue) throws(EnvelopeError) {
        let f = try JSONFields(json)
        try f.expectSchema(Self.schemaName)
        self.init(
            component: try f.string("component"), instance: try f.string("instance"),
            state: try f.requiredEnumeration("state", State.self), version: try f.string("version"),
            since: try f.optionalDate("since"), detail: try f.stringMap("detail"),
            lastSeen: try f.optionalDate("last_seen"), intervalSeconds: try f.optionalDouble("interval_seconds"),
            figures: Figures(
                contactsPerSecond: try f.optionalDouble("contacts_per_second"), spoolDepth: try f.optionalInt("spool_depth"),
                receiptsOutstanding: try f.optionalInt("receipts_outstanding"),
                unacknowledgedEscalations: try f.optionalInt("unacknowledged_escalations")))
    }
}

extension ResidentQuestion: JSONWritable, JSONReadable, JSONFieldsReadable {
    public init(json: JSONValue) throws(EnvelopeError) {
        try self.init(fields: JSONFields(json))
    }

    public func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("kind", kind.rawValue)
            if !options.isEmpty {
                w.key("options")
                w.array(options) { w, o in o.write(to: &w) }
            }
            w.field("other", other)
            w.field("place", place)
        }
    }

    init(fields q: JSONFields) throws(EnvelopeError) {
        self.init(
            kind: try q.requiredEnumeration("kind", Kind.self),
            options: try q.objects("options") { o throws(EnvelopeError) in try Option(fields: o) },
            other: try q.optional("other", Option.self), place: try q.optional("place", GeoCandidate.self))
    }
}

extension ResidentQuestion.Option: JSONWritable, JSONFieldsReadable {
    public func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("id", id)
            w.field("label", label)
        }
    }

    init(fields o: JSONFields) throws(EnvelopeError) {
        self.init(id: try o.string("id"), label: try o.string("label"))
    }
}
