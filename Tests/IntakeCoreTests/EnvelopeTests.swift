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
        let bytes = try IntakeJSON.encode(c)
        #expect(try IntakeJSON.decode(ContactEnvelope.self, from: bytes) == c)
        #expect(try IntakeJSON.encode(c).count == bytes.count)
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
        var json = String(decoding: try IntakeJSON.encode(Self.sample()), as: UTF8.self)
        json = json.replacingOccurrences(of: "intake.contact/1", with: "intake.contact/2")
        #expect(throws: DecodingError.self) { try IntakeJSON.decode(ContactEnvelope.self, from: Array(json.utf8)) }
    }

    @Test("the enriched envelope keeps the contact's fields at the top and adds geo, triage, dedup")
    func enriched() throws {
        let e = EnrichedContact(
            contact: Self.sample(),
            geo: GeoResult(method: .intersection, lat: 32.22, lon: -110.97, matched: "N Stone Ave & E Congress St", confidence: 0.9,
                           jurisdiction: "City of Tucson", ward: "6", neighborhood: "Armory Park"),
            triage: TriageResult(category: "pothole", priority: .normal),
            dedup: DedupVerdict(verdict: .exactDuplicate, caseRef: "TUC-2026-000001", firstVerdict: .linked))
        let bytes = try IntakeJSON.encode(e)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(json["schema"] as? String == "intake.enriched/1")
        #expect(json["text"] as? String == Self.sample().text)
        #expect((json["geo"] as? [String: Any])?["method"] as? String == "intersection")
        #expect((json["dedup"] as? [String: Any])?["first_verdict"] as? String == "linked")
        let back = try IntakeJSON.decode(EnrichedContact.self, from: bytes)
        #expect(back == e)
        #expect(back.dedup.effectiveVerdict == .linked)
        // A plain contact is not an enriched one.
        #expect(throws: DecodingError.self) { try IntakeJSON.decode(EnrichedContact.self, from: try IntakeJSON.encode(Self.sample())) }
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
