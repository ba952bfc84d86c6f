import Foundation
import IntakeCore
import Testing

/// Every bus message has one codec, `JSONWriter` out and `JSONReader` in. Each message here is
/// written and read back with every optional field set, and with every one nil, and must come
/// back equal; its JSON must carry exactly the keys the wire format names.
@Suite("Bus codec round trips")
struct BusCodecRoundTripTests {
    static let at = RFC3339.wire(Date(timeIntervalSince1970: 1_795_241_793.120))
    static let later = RFC3339.wire(Date(timeIntervalSince1970: 1_795_245_000.999))

    /// Writes, reads back, and checks both the value and the keys of the JSON object.
    @discardableResult
    static func roundTrip<T: JSONWritable & JSONReadable & Equatable>(_ value: T, keys expected: Set<String>,
                                                                      sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: JSONValue] {
        let bytes = IntakeJSON.encode(value)
        #expect(try IntakeJSON.decode(T.self, from: bytes) == value, sourceLocation: sourceLocation)
        // The bytes are JSON any parser reads, not only ours.
        #expect(try JSONSerialization.jsonObject(with: Data(bytes)) is [String: Any], sourceLocation: sourceLocation)
        guard case .object(let o) = try JSONReader.parse(bytes) else {
            Issue.record("not a JSON object", sourceLocation: sourceLocation)
            return [:]
        }
        #expect(Set(o.keys) == expected, sourceLocation: sourceLocation)
        return o
    }

    static func keys(_ v: JSONValue?) -> Set<String> {
        guard case .object(let o)? = v else { return [] }
        return Set(o.keys)
    }

    // MARK: the contact

    static let fullContact: ContactEnvelope = {
        var c = ContactEnvelope(
            id: "voice:CA1", channel: "voice", adapter: "twilio-voice", externalID: "CA1", receivedAt: at,
            sender: Sender(kind: .phone, address: "+15205550123", name: "Ana \"la\" Pérez"), conversation: "voice:CA1",
            caseRef: "TUC-2026-000042", language: "es-MX", text: "Bache — \\ \n\t\u{07} 🚧 / fin",
            location: Location(text: "Stone y Congress", lat: 32.2216, lon: -110.9716, source: .device, accuracyM: 1e-7),
            attachments: [
                Attachment(sha256: String(repeating: "a", count: 64), mediaType: "audio/x-wav", bytes: 123_456, name: "voicemail.wav"),
                Attachment(sha256: String(repeating: "b", count: 64), mediaType: "image/jpeg", bytes: 0),
            ],
            channelData: ["To": .string("+15205550311"), "n": .number(2.5), "big": .number(1e20), "ok": .bool(false),
                          "none": .null, "nested": .object(["a": .array([.number(1), .string("x"), .object([:])])])])
        c.revision = 2
        return c
    }()

    static let minimalContact = ContactEnvelope(
        id: "app:1", channel: "app", adapter: "app", receivedAt: at, sender: Sender(kind: .anonymous, address: nil),
        language: "en", text: "")

    static let contactKeys: Set<String> = [
        "schema", "id", "revision", "channel", "adapter", "external_id", "received_at", "sender", "conversation", "case_ref",
        "language", "text", "location", "attachments", "channel_data",
    ]
    static let contactRequiredKeys: Set<String> = [
        "schema", "id", "channel", "adapter", "received_at", "sender", "language", "text", "attachments", "channel_data",
    ]

    @Test("a contact with every field set comes back equal")
    func contactFull() throws {
        let o = try Self.roundTrip(Self.fullContact, keys: Self.contactKeys)
        #expect(Self.keys(o["sender"]) == ["kind", "address", "name"])
        #expect(Self.keys(o["location"]) == ["text", "lat", "lon", "source", "accuracy_m"])
        guard case .array(let attachments)? = o["attachments"] else { throw CodecTestFailure("no attachments") }
        #expect(attachments.map(Self.keys) == [["sha256", "media_type", "bytes", "name"], ["sha256", "media_type", "bytes"]])
        #expect(o["received_at"] == .string("2026-11-21T06:16:33.120Z"))
    }

    @Test("a contact with every optional field nil comes back equal, and says nothing of them")
    func contactMinimal() throws {
        let o = try Self.roundTrip(Self.minimalContact, keys: Self.contactRequiredKeys)
        #expect(Self.keys(o["sender"]) == ["kind"])
        var c = Self.minimalContact
        c.location = Location(source: .resident)
        let withLocation = try Self.roundTrip(c, keys: Self.contactRequiredKeys.union(["location"]))
        #expect(Self.keys(withLocation["location"]) == ["source"])
    }

    @Test("every sender kind and location source comes back", arguments: Sender.Kind.allCases)
    func senderKinds(kind: Sender.Kind) throws {
        for source in Location.Source.allCases {
            var c = Self.fullContact
            c.sender.kind = kind
            c.location?.source = source
            try Self.roundTrip(c, keys: Self.contactKeys)
        }
    }

    @Test("the contact's keys are those of its JSON Schema, and the required ones are the schema's required")
    func contactMatchesSchema() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let path = "\(repository)/Sources/IntakeCore/Schema/intake.contact-1.schema.json"
        let schema = try JSONFields(JSONReader.parse(Array(try Data(contentsOf: URL(fileURLWithPath: path)))))
        let properties = try schema.object("properties")
        #expect(Set(properties.members.keys) == Self.contactKeys)
        #expect(Set(try schema.strings("required")) == Self.contactRequiredKeys)
        #expect(Set(try properties.object("sender").object("properties").members.keys) == ["kind", "address", "name"])
        #expect(Set(try properties.object("location").object("properties").members.keys) == ["text", "lat", "lon", "source", "accuracy_m"])
        #expect(Set(try properties.object("attachments").object("items").object("properties").members.keys)
                == ["sha256", "media_type", "bytes", "name"])
    }

    @Test("null reads as absent in every optional field of a contact")
    func nullIsAbsent() throws {
        guard case .object(var o) = try JSONReader.parse(IntakeJSON.encode(Self.minimalContact)) else { throw CodecTestFailure("no object") }
        for key in ["revision", "external_id", "conversation", "case_ref", "location"] { o[key] = .null }
        #expect(try ContactEnvelope(json: .object(o)) == Self.minimalContact)
    }

    @Test("an attachment's Codable form, kept for the IVR's call-state files, writes what the bus writes")
    func attachmentCodableAgrees() throws {
        for a in Self.fullContact.attachments {
            var w = JSONWriter()
            a.write(to: &w)
            let viaCodable = try JSONReader.parse(Array(JSONEncoder().encode(a)))
            #expect(try JSONReader.parse(w.bytes) == viaCodable)
            #expect(try JSONDecoder().decode(Attachment.self, from: Data(w.bytes)) == a)
        }
    }

    // MARK: the enriched contact

    static let fullEnriched = EnrichedContact(
        contact: fullContact,
        geo: GeoResult(method: .address, lat: 32.2216, lon: -110.9716, matched: "123 N STONE AVE", confidence: 0.93,
                       jurisdiction: "City of Tucson", ward: "6", neighborhood: "Armory Park",
                       candidate: GeoCandidate(text: "220 E 5th St, Tucson 85701", lat: 32.2301, lon: -110.9665, confidence: 0.41)),
        triage: TriageResult(category: "pothole", priority: .emergency, emergency: true, referral: "Community Safety, Health & Wellness",
                             routedTo: "Department of Transportation and Mobility", matched: ["pothole", "fire"],
                             needsReview: true,
                             candidates: [.init(category: "pothole", score: 0.6), .init(category: "streetlight", score: 0.30000000000000004)]),
        dedup: DedupVerdict(verdict: .exactDuplicate, caseRef: "TUC-2026-000001", similarity: 0.30000000000000004, distanceM: 12.5,
                            firstVerdict: .possibleDuplicate))

    @Test("an enriched contact with every field set comes back equal")
    func enrichedFull() throws {
        let o = try Self.roundTrip(Self.fullEnriched, keys: Self.contactKeys.union(["geo", "triage", "dedup"]))
        #expect(o["schema"] == .string(EnrichedContact.schemaName))
        #expect(Self.keys(o["geo"]) == ["method", "lat", "lon", "matched", "confidence", "jurisdiction", "ward", "neighborhood", "candidate"])
        guard case .object(let geo)? = o["geo"] else { Issue.record("geo is not an object"); return }
        #expect(Self.keys(geo["candidate"]) == ["text", "lat", "lon", "confidence"])
        #expect(Self.keys(o["triage"]) == ["category", "priority", "emergency", "referral", "routed_to", "matched", "emergency_tier",
                                           "needs_review", "candidates"])
        guard case .object(let triage)? = o["triage"] else { Issue.record("no triage object"); return }
        #expect(triage["emergency_tier"] == .string("emergency"))
        #expect(triage["needs_review"] == .bool(true))
        #expect(Self.keys(o["dedup"]) == ["verdict", "case_ref", "similarity", "distance_m", "first_verdict"])
    }

    @Test("an enriched contact with every optional field nil comes back equal")
    func enrichedMinimal() throws {
        let e = EnrichedContact(contact: Self.minimalContact, dedup: DedupVerdict(verdict: .new))
        let o = try Self.roundTrip(e, keys: Self.contactRequiredKeys.union(["dedup"]))
        #expect(Self.keys(o["dedup"]) == ["verdict"])
        let parts = EnrichedContact(contact: Self.minimalContact, geo: GeoResult(method: .unmatched, confidence: 0),
                                    triage: TriageResult(category: "other", priority: .normal), dedup: DedupVerdict(verdict: .new))
        let p = try Self.roundTrip(parts, keys: Self.contactRequiredKeys.union(["geo", "triage", "dedup"]))
        #expect(Self.keys(p["geo"]) == ["method", "confidence"])
        #expect(Self.keys(p["triage"]) == ["category", "priority", "emergency", "matched"])
    }

    @Test("every geocoding method, priority and verdict comes back")
    func enrichedEnums() throws {
        let keys = Self.contactKeys.union(["geo", "triage", "dedup"])
        for method in GeoResult.Method.allCases {
            var e = Self.fullEnriched
            e.geo?.method = method
            try Self.roundTrip(e, keys: keys)
        }
        for priority in TriageResult.Priority.allCases {
            var e = Self.fullEnriched
            e.triage?.priority = priority
            try Self.roundTrip(e, keys: keys)
        }
        for tier in TriageResult.EmergencyTier.allCases {
            var e = Self.fullEnriched
            e.triage?.emergencyTier = tier
            e.triage?.emergency = tier == .emergency
            try Self.roundTrip(e, keys: keys)
        }
        for verdict in DedupVerdict.Verdict.allCases {
            var e = Self.fullEnriched
            e.dedup.verdict = verdict
            e.dedup.firstVerdict = verdict
            try Self.roundTrip(e, keys: keys)
        }
    }

    // MARK: the other messages

    @Test("a receipt batch, with every outcome and with none, comes back equal")
    func receipts() throws {
        let full = ReceiptBatch(committedAt: Self.at, receipts: ReceiptBatch.Receipt.Outcome.allCases.enumerated().map { n, outcome in
            ReceiptBatch.Receipt(contactID: "sms:SM\(n)", revision: n + 1, caseRef: "TUC-2026-00000\(n)", outcome: outcome)
        })
        let o = try Self.roundTrip(full, keys: ["schema", "committed_at", "receipts"])
        guard case .array(let receipts)? = o["receipts"] else { throw CodecTestFailure("no receipts") }
        #expect(receipts.map(Self.keys) == Array(repeating: ["contact_id", "revision", "case_ref", "outcome"], count: ReceiptBatch.Receipt.Outcome.allCases.count))
        try Self.roundTrip(ReceiptBatch(committedAt: Self.at, receipts: []), keys: ["schema", "committed_at", "receipts"])
    }

    @Test("a receipt's questions for the resident (a category, a place) come back equal")
    func receiptQuestions() throws {
        let questions: [ResidentQuestion] = [
            .category([.init(id: "pothole", label: "bache"), .init(id: "streetlight", label: "luz \"fundida\"")], other: .init(id: "other", label: "otra cosa")),
            .place(GeoCandidate(text: "220 E 5th St, Tucson 85705", lat: 32.2339, lon: -110.9665, confidence: 0.55)),
        ]
        let batch = ReceiptBatch(committedAt: Self.at, receipts: [
            ReceiptBatch.Receipt(contactID: "sms:SM9", caseRef: "TUC-2026-000009", outcome: .created, questions: questions),
        ])
        let o = try Self.roundTrip(batch, keys: ["schema", "committed_at", "receipts"])
        guard case .array(let receipts)? = o["receipts"], case .object(let r)? = receipts.first,
              case .array(let asked)? = r["questions"] else { throw CodecTestFailure("no questions") }
        #expect(asked.map(Self.keys) == [["kind", "options", "other"], ["kind", "place"]])
    }

    @Test("a case event with every field set, and with every optional nil, comes back equal", arguments: CaseEvent.Kind.allCases)
    func caseEvents(kind: CaseEvent.Kind) throws {
        let full = CaseEvent(
            kind: kind, caseRef: "TUC-2026-000042", contactID: "sms:SM1", channel: "sms", status: "open", category: "pothole",
            priority: "high", possibleDuplicateOf: "TUC-2026-000041", lat: 32.2216, lon: -110.9716, openedAt: Self.at,
            description: "Bache \"grande\"", locationText: "Stone y 6ta", jurisdiction: "City of Tucson",
            routedTo: "Department of Transportation and Mobility", note: "Bache reparado; \"gracias\"",
            duplicateOf: "TUC-2026-000040", at: Self.later)
        try Self.roundTrip(full, keys: [
            "schema", "kind", "case_ref", "contact_id", "channel", "status", "category", "priority", "possible_duplicate_of",
            "lat", "lon", "opened_at", "description", "location_text", "jurisdiction", "routed_to", "note", "duplicate_of", "at",
        ])
        let minimal = CaseEvent(kind: kind, caseRef: "TUC-2026-000042", contactID: nil, channel: nil, status: "closed", at: Self.at)
        try Self.roundTrip(minimal, keys: ["schema", "kind", "case_ref", "status", "at"])
    }

    @Test("a reply with every field set, and with every optional nil, comes back equal")
    func replies() throws {
        let full = ReplyMessage(id: "reply:1", channel: "sms", to: Sender(kind: .phone, address: "+15205550123", name: "Ana"),
                                from: "+15205550311", language: "es", text: "Su número de caso es TUC-2026-000042.",
                                caseRef: "TUC-2026-000042", contactID: "sms:SM1")
        let o = try Self.roundTrip(full, keys: ["schema", "id", "channel", "to", "from", "language", "text", "case_ref", "contact_id"])
        #expect(Self.keys(o["to"]) == ["kind", "address", "name"])
        let minimal = ReplyMessage(id: "reply:2", channel: "email", to: Sender(kind: .email, address: nil), from: nil,
                                   language: "en", text: "", caseRef: nil, contactID: nil)
        try Self.roundTrip(minimal, keys: ["schema", "id", "channel", "to", "language", "text"])
    }

    @Test("an escalation with every field set, and with every optional nil, comes back equal")
    func escalations() throws {
        let full = Escalation(id: "escalation:sms:SM1", contactID: "sms:SM1", channel: "sms", reason: "emergency words: fire",
                              callback: "+15205550177",
                              location: Location(text: "100 N Stone Ave", lat: 32.2231, lon: -110.9713, source: .geocoder, accuracyM: 5),
                              text: "Gas leak and a fire", at: Self.at, tier: .possible)
        let o = try Self.roundTrip(full, keys: ["schema", "id", "contact_id", "channel", "reason", "callback", "location", "text", "at",
                                                "tier", "review"])
        #expect(o["tier"] == .string("possible") && o["review"] == .bool(true))
        var escalated = full
        escalated.tier = .emergency
        let e = try Self.roundTrip(escalated, keys: ["schema", "id", "contact_id", "channel", "reason", "callback", "location", "text", "at",
                                                     "tier"])
        #expect(e["tier"] == .string("emergency"))
        #expect(Self.keys(o["location"]) == ["text", "lat", "lon", "source", "accuracy_m"])
        let minimal = Escalation(id: "escalation:voice:CA1", contactID: nil, channel: "voice", reason: "caller pressed 9",
                                 callback: nil, location: nil, text: nil, at: Self.at)
        try Self.roundTrip(minimal, keys: ["schema", "id", "channel", "reason", "at"])
    }

    @Test("a dead letter with every field set, and with every optional nil, comes back equal, its bytes intact")
    func deadLetters() throws {
        let bytes: [UInt8] = Array("{\"schema\":".utf8) + [0xFF, 0x00, 0x7F]
        let full = DeadLetter(stage: "enrich", reason: "not JSON", path: "/sender/kind", sourceTopic: "311/v1/contact/sms", payload: bytes, at: Self.at)
        try Self.roundTrip(full, keys: ["schema", "stage", "reason", "path", "source_topic", "payload_base64", "at"])
        let back = try IntakeJSON.decode(DeadLetter.self, from: IntakeJSON.encode(full))
        #expect(Data(base64Encoded: back.payloadBase64).map(Array.init) == bytes)
        let minimal = DeadLetter(stage: "writer", reason: "", sourceTopic: nil, payload: [], at: Self.at)
        try Self.roundTrip(minimal, keys: ["schema", "stage", "reason", "payload_base64", "at"])
    }

    @Test("a status report in every state, with every field set and with every optional nil, comes back equal",
          arguments: StatusReport.State.allCases)
    func statusReports(state: StatusReport.State) throws {
        let full = StatusReport(component: "enrich", instance: "host-1", state: state, version: "1.2.3", since: Self.at,
                                detail: ["open_cases": "12", "note": "a \"quoted\" value"], lastSeen: Self.at.addingTimeInterval(5),
                                intervalSeconds: 2.5,
                                figures: .init(contactsPerSecond: 3.25, spoolDepth: 7, receiptsOutstanding: 4, unacknowledgedEscalations: 2))
        let o = try Self.roundTrip(full, keys: ["schema", "component", "instance", "state", "version", "since", "detail", "last_seen",
                                                "interval_seconds", "contacts_per_second", "spool_depth", "receipts_outstanding",
                                                "unacknowledged_escalations"])
        #expect(Self.keys(o["detail"]) == ["open_cases", "note"])
        let minimal = StatusReport(component: "writer", instance: "host-2", state: state, version: "1.2.3", since: nil)
        try Self.roundTrip(minimal, keys: ["schema", "component", "instance", "state", "version", "detail"])
    }

    @Test("each message refuses another message's schema")
    func schemasAreChecked() throws {
        let escalation = IntakeJSON.encode(Escalation(id: "e", contactID: nil, channel: "sms", reason: "r", callback: nil,
                                                      location: nil, text: nil, at: Self.at))
        #expect(throws: EnvelopeError.self) { try IntakeJSON.decode(ReplyMessage.self, from: escalation) }
        #expect(throws: EnvelopeError.self) { try IntakeJSON.decode(CaseEvent.self, from: escalation) }
        #expect(throws: EnvelopeError.self) { try IntakeJSON.decode(ReceiptBatch.self, from: escalation) }
        #expect(throws: EnvelopeError.self) { try IntakeJSON.decode(DeadLetter.self, from: escalation) }
        #expect(throws: EnvelopeError.self) { try IntakeJSON.decode(StatusReport.self, from: escalation) }
        #expect(throws: EnvelopeError.self) { try IntakeJSON.decode(ContactEnvelope.self, from: escalation) }
        let reply = IntakeJSON.encode(ReplyMessage(id: "r", channel: "sms", to: Sender(kind: .phone, address: nil), from: nil,
                                                   language: "en", text: "", caseRef: nil, contactID: nil))
        #expect(throws: EnvelopeError.self) { try IntakeJSON.decode(Escalation.self, from: reply) }
    }
}

/// A round trip that could not even be attempted (an unreadable fixture or an unexpected shape).
struct CodecTestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
