import Foundation
import IntakeChannel
import IntakeCore
import IntakeTestSupport
import SMSChannel
import Testing
import TwilioSupport

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite("SMS contacts, TwiML and templates")
struct SMSContactTests {
    static let smsFixtures = ["sms_inbound", "sms_inbound_unicode_body", "mms_inbound"]

    func envelope(_ name: String, attachments: [IntakeCore.Attachment] = []) throws -> ContactEnvelope {
        let p = try #require(TwilioFixtures.payloads.first { $0.name == name })
        let lang = URLComponents(string: p.url)?.queryItems?.first { $0.name == "lang" }?.value
        return try SMSContact.envelope(from: try FormBody(parsing: Array(p.raw_body.utf8)), language: lang,
                                       caseReferencePrefix: "TUC", attachments: attachments)
    }

    @Test("Twilio's SMS and MMS payloads become contacts", arguments: smsFixtures)
    func mapping(name: String) throws {
        let c = try envelope(name)
        #expect(c.id.hasPrefix("sms:") && c.id.count > 10)
        #expect(c.channel == "sms" && c.adapter == "twilio-sms")
        #expect(c.sender == Sender(kind: .phone, address: "+15017122661"))
        #expect(c.externalID == c.channelData["MessageSid"]?.stringValue)
        #expect(c.channelData["Body"] == nil && c.channelData["From"] == nil)
        #expect(c.channelData["To"] == JSONValue.string("+15558675310"))
    }

    @Test("the Spanish number's contacts are in Spanish; others follow their words")
    func language() throws {
        #expect(try envelope("sms_inbound_unicode_body").language == "es")
        #expect(try envelope("sms_inbound").language == "en")
        #expect(try envelope("sms_inbound_unicode_body").text.contains("🚧"))
    }

    @Test("a quoted case reference is picked up")
    func quotedReference() throws {
        let c = try SMSContact.envelope(from: FormBody(pairs: [("MessageSid", "SM1"), ("From", "+15205550100"),
                                                               ("Body", "still broken, case tuc-2026-000017")]),
                                        language: nil, caseReferencePrefix: "TUC")
        #expect(c.caseRef == "TUC-2026-000017")
    }

    @Test("a webhook without its sender or id is refused", arguments: [
        [("From", "+15205550100"), ("Body", "x")],
        [("MessageSid", "SM1"), ("Body", "x")],
        [("MessageSid", "SM1/../x"), ("From", "+15205550100")],
    ])
    func missing(pairs: [(String, String)]) {
        #expect(throws: SMSContactError.self) { try SMSContact.envelope(from: FormBody(pairs: pairs), language: nil, caseReferencePrefix: "TUC") }
    }

    @Test("what the SMS adapter emits validates against the published JSON Schema", arguments: smsFixtures)
    func schema(name: String) async throws {
        let attachments = name == "mms_inbound" ? [IntakeCore.Attachment(sha256: String(repeating: "ab", count: 32), mediaType: "image/jpeg", bytes: 1234, name: "media0")] : []
        let json = String(decoding: IntakeJSON.encode(try envelope(name, attachments: attachments)), as: UTF8.self)
        try await JSONSchemaCheck.validate(json, schema: "\(Paths.repository)/Sources/IntakeCore/Schema/intake.contact-1.schema.json")
    }

    @Test("the schema itself refuses what is not a contact")
    func schemaRefuses() async throws {
        var json = String(decoding: IntakeJSON.encode(try envelope("sms_inbound")), as: UTF8.self)
        json = json.replacingOccurrences(of: "\"kind\":\"phone\"", with: "\"kind\":\"pigeon\"")
        await #expect(throws: Shell.Failure.self) {
            try await JSONSchemaCheck.validate(json, schema: "\(Paths.repository)/Sources/IntakeCore/Schema/intake.contact-1.schema.json")
        }
    }

    @Test("TwiML is well-formed XML whatever the text")
    func twiml() throws {
        let text = "Case <TUC-2026-000001> & \"more\" — ¿sí? \u{07}"
        let xml = TwiML([.message(text)]).render()
        let doc = try XMLDocument(xmlString: xml)
        let message = try #require(try doc.nodes(forXPath: "/Response/Message").first)
        #expect(message.stringValue == "Case <TUC-2026-000001> & \"more\" — ¿sí? ")
    }

    @Test("SMS answers come in the resident's language, with the reference", arguments: [("en", "Your case number is TUC-2026-000009"), ("es", "Su número de caso es TUC-2026-000009"), ("fr", "Your case number is TUC-2026-000009")])
    func templates(language: String, expected: String) async throws {
        let t = try await TemplateLibrary(directory: Paths.templates)
        try t.require(channel: "sms", names: SMSChannel.templateNames)
        let text = try t.render(channel: "sms", name: "received", language: language, ["ref": "TUC-2026-000009", "linked": false])
        #expect(text.contains(expected))
        #expect(!text.contains("{{"))
    }
}

/// Validates JSON against a JSON Schema with the Python `jsonschema` package (a full Draft 2020-12
/// validator, independent of this project).
enum JSONSchemaCheck {
    static func validate(_ json: String, schema: String) async throws {
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            v = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
            errors = list(v.iter_errors(json.loads(sys.stdin.read())))
            for e in errors: print(list(e.path), e.message)
            sys.exit(1 if errors else 0)
            """
        try await Shell.run(try Paths.python(), ["-c", script, schema], input: json)
    }
}
