import Foundation
import IntakeCore
import Testing

@Suite("Envelope")
struct EnvelopeTests {
    static func sample() -> ContactEnvelope {
        ContactEnvelope(
            id: "sms:SM123", channel: "sms", adapter: "twilio-sms", externalID: "SM123",
            receivedAt: Date(timeIntervalSince1970: 1_790_000_000.123),
            sender: Sender(kind: .phone, address: "+15205550123"), conversation: "sms:+15205550123",
            caseRef: "TUC-2026-000042", language: "es", text: "Bache en la esquina — ¿lo reparan? 🚧",
            location: Location(text: "Stone y Congress", source: .resident),
            attachments: [Attachment(sha256: String(repeating: "a", count: 64), mediaType: "image/jpeg", bytes: 10)],
            channelData: ["To": .string("+15205550311"), "NumSegments": .number(1)])
    }

    @Test("a contact survives the bus byte for byte")
    func roundTrip() throws {
        let c = Self.sample()
        let bytes = IntakeJSON.encode(c)
        #expect(try IntakeJSON.decode(ContactEnvelope.self, from: bytes) == c)
        #expect(IntakeJSON.encode(c).count == bytes.count)
    }

    @Test("the JSON uses the schema's snake_case names and RFC 3339 times")
    func wireNames() throws {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(IntakeJSON.encode(Self.sample()))) as? [String: Any])
        #expect(json["schema"] as? String == "intake.contact/1")
        #expect(json["external_id"] as? String == "SM123")
        #expect(json["case_ref"] as? String == "TUC-2026-000042")
        #expect(json["received_at"] as? String == "2026-09-21T14:13:20.123Z")
        #expect((json["channel_data"] as? [String: Any])?["To"] as? String == "+15205550311")
        #expect(((json["attachments"] as? [[String: Any]])?.first?["media_type"]) as? String == "image/jpeg")
    }

    @Test("another schema name is refused")
    func wrongSchema() throws {
        var json = String(decoding: IntakeJSON.encode(Self.sample()), as: UTF8.self)
        json = json.replacingOccurrences(of: "intake.contact/1", with: "intake.contact/2")
        #expect(throws: EnvelopeError.self) { try IntakeJSON.decode(ContactEnvelope.self, from: Array(json.utf8)) }
    }

    @Test("the enriched envelope keeps the contact's fields at the top and adds geo, triage, dedup")
    func enriched() throws {
        let e = EnrichedContact(
            contact: Self.sample(),
            geo: GeoResult(method: .intersection, lat: 32.22, lon: -110.97, matched: "N Stone Ave & E Congress St", confidence: 0.9,
                           jurisdiction: "City of Tucson", ward: "6", neighborhood: "Armory Park"),
            triage: TriageResult(category: "pothole", priority: .normal),
            dedup: DedupVerdict(verdict: .exactDuplicate, caseRef: "TUC-2026-000001", firstVerdict: .linked))
        let bytes = IntakeJSON.encode(e)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(json["schema"] as? String == "intake.enriched/1")
        #expect(json["text"] as? String == Self.sample().text)
        #expect((json["geo"] as? [String: Any])?["method"] as? String == "intersection")
        #expect((json["dedup"] as? [String: Any])?["first_verdict"] as? String == "linked")
        let back = try IntakeJSON.decode(EnrichedContact.self, from: bytes)
        #expect(back == e)
        #expect(back.dedup.effectiveVerdict == .linked)
        // A plain contact is not an enriched one.
        #expect(throws: EnvelopeError.self) { try IntakeJSON.decode(EnrichedContact.self, from: IntakeJSON.encode(Self.sample())) }
    }

    @Test("RFC 3339 times with and without fractions and offsets")
    func dates() {
        let fractional = RFC3339.date(from: "2026-11-21T06:16:33.120Z")?.timeIntervalSince1970 ?? 0
        #expect(abs(fractional - 1_795_241_793.12) < 0.0005)
        #expect(RFC3339.date(from: "2026-11-21T06:16:33Z") == Date(timeIntervalSince1970: 1_795_241_793))
        #expect(RFC3339.date(from: "2026-11-20T23:16:33-07:00") == Date(timeIntervalSince1970: 1_795_241_793))
        #expect(RFC3339.date(from: "yesterday") == nil)
    }
}

@Suite("Hand-written JSON")
struct JSONWriterTests {
    static func awkward() -> ContactEnvelope {
        var c = EnvelopeTests.sample()
        c.text = "quote \" backslash \\ newline \n tab \t bell \u{07} slash / 🚧 ñ"
        c.revision = 3
        c.channelData = ["nested": .object(["a": .array([.number(1), .number(2.5), .bool(true), .null])]), "s": .string("x\"y")]
        c.location = Location(text: "Stone y Congress", lat: 32.2216, lon: -110.9716, source: .device, accuracyM: 12)
        return c
    }

    @Test("the written contact decodes to the same value, and any JSON parser reads its text", arguments: [EnvelopeTests.sample(), awkward()])
    func contact(_ c: ContactEnvelope) throws {
        let fast = IntakeJSON.encode(c)
        #expect(try IntakeJSON.decode(ContactEnvelope.self, from: fast) == c)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(fast)) as? [String: Any])
        #expect(json["text"] as? String == c.text)
    }

    @Test("the written enriched contact decodes to the same value")
    func enriched() throws {
        let e = EnrichedContact(
            contact: Self.awkward(),
            geo: GeoResult(method: .address, lat: 32.2, lon: -110.9, matched: "123 N STONE AVE", confidence: 0.93, jurisdiction: "City of Tucson", ward: "6"),
            triage: TriageResult(category: "pothole", priority: .high, emergency: true, referral: nil, routedTo: "Tucson Water", matched: ["pothole", "fire"]),
            dedup: DedupVerdict(verdict: .possibleDuplicate, caseRef: "TUC-2026-000001", similarity: 0.31, distanceM: 12.5))
        let fast = IntakeJSON.encode(e)
        #expect(try IntakeJSON.decode(EnrichedContact.self, from: fast) == e)
    }
}

@Suite("Hand-read JSON")
struct JSONReaderTests {
    @Test("the reader reads a contact as another JSON writer writes it (other key order, escaped slashes)",
          arguments: [EnvelopeTests.sample(), JSONWriterTests.awkward()])
    func otherWriters(_ c: ContactEnvelope) throws {
        let parsed = try JSONSerialization.jsonObject(with: Data(IntakeJSON.encode(c)))
        let rewritten = try JSONSerialization.data(withJSONObject: parsed, options: [.sortedKeys])
        #expect(try ContactEnvelope(json: JSONReader.parse(rewritten)) == c)
    }

    @Test("what is not JSON, or not an envelope, is refused with a reason", arguments: [
        "", "{", "[1,2", "{\"a\":}", "{\"a\":1,}", "nul", "01", "1.", "\"\\x\"", "\"\\ud800\"", "{\"a\":\"\u{01}\"}",
        String(repeating: "[", count: 100) + String(repeating: "]", count: 100), "{} {}",
    ])
    func invalid(text: String) {
        #expect(throws: JSONReadError.self) { try JSONReader.parse(Array(text.utf8)) }
    }

    @Test("escapes and numbers read as JSON says")
    func values() throws {
        let v = try JSONReader.parse(Array(#"{"s":"a\"b\\c\/d\n\u00e9\ud83d\udea7","n":-12.5e1,"i":42,"t":true,"z":null,"a":[]}"#.utf8))
        guard case .object(let o) = v else { Issue.record("not an object"); return }
        #expect(o["s"] == .string("a\"b\\c/d\né🚧"))
        #expect(o["n"] == .number(-125))
        #expect(o["i"] == .number(42))
        #expect(o["t"] == .bool(true))
        #expect(o["z"] == .null)
        #expect(o["a"] == .array([]))
    }

    @Test("a contact missing a field, or with a wrong type, names the field", arguments: [
        ("text", "the text"), ("sender", "sender"), ("received_at", "received_at"),
    ])
    func missing(field: String, named: String) throws {
        guard case .object(var o) = try JSONReader.parse(IntakeJSON.encode(EnvelopeTests.sample())) else { return }
        o.removeValue(forKey: field)
        do {
            _ = try ContactEnvelope(json: .object(o))
            Issue.record("accepted a contact without \(field)")
        } catch {
            #expect(error.description.contains(field))
        }
        o[field] = .number(3)
        #expect(throws: EnvelopeError.self) { try ContactEnvelope(json: .object(o)) }
    }
}
