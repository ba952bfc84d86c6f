import Foundation
import IntakeCore
import IntakeTestSupport
import Testing

/// The enrich stage's check of every contact against `intake.contact-1.schema.json`.
@Suite("Contact schema")
struct ContactSchemaTests {
    static func schema() throws -> JSONSchema { try ContactSchema.shared.get() }

    static func parse(_ s: String) throws -> JSONValue { try JSONReader.parse(Array(s.utf8)) }

    /// A valid contact as an adapter in another language might write it: every optional field set.
    static let valid = """
        {"schema":"intake.contact/1","id":"web:4f1c2a","revision":2,"channel":"web","adapter":"python-web",
         "external_id":"form-77","received_at":"2026-11-30T12:00:00Z",
         "sender":{"kind":"phone","address":"+15205550100","name":"Ana"},
         "conversation":"web:session-1","case_ref":"TUC-2026-000123","language":"es-MX","text":"Hay un bache",
         "location":{"text":"Stone y Congress","lat":32.22,"lon":-110.97,"source":"device","accuracy_m":12.5},
         "attachments":[{"sha256":"\(String(repeating: "ab", count: 32))","media_type":"image/jpeg","bytes":2048,"name":"bache.jpg"}],
         "channel_data":{"form":"pothole","nested":{"a":[1,null,true]}}}
        """

    @Test("the schema is read from the repository's schema file, not a copy of its text")
    func loadsTheFile() throws {
        let path = try #require(ContactSchema.locate())
        let original = "\(Paths.repository)/Sources/IntakeCore/Schema/intake.contact-1.schema.json"
        #expect(FileManager.default.contents(atPath: path) == FileManager.default.contents(atPath: original))
        _ = try Self.schema()
    }

    @Test("a valid contact passes: hand-written with every field, and each one the Swift adapters write")
    func validPasses() throws {
        let schema = try Self.schema()
        #expect(schema.validate(try Self.parse(Self.valid)) == nil)
        let minimal = """
            {"schema":"intake.contact/1","id":"x","channel":"app","adapter":"a","received_at":"2026-11-30T12:00:00.123+02:00",
             "sender":{"kind":"anonymous"},"language":"en","text":"","attachments":[],"channel_data":{}}
            """
        #expect(schema.validate(try Self.parse(minimal)) == nil)
        var revised = EnvelopeTests.sample()
        revised.revision = 3
        for contact in [EnvelopeTests.sample(), revised] {
            #expect(schema.validate(try JSONReader.parse(IntakeJSON.encode(contact))) == nil)
        }
    }

    /// Sets (or with nil removes) the member at `path` of an object tree; numbers index arrays.
    static func setting(_ value: JSONValue, _ path: ArraySlice<String>, to new: JSONValue?) -> JSONValue {
        guard let head = path.first else { return new ?? .null }
        switch value {
        case .object(var m):
            if path.count == 1 { m[head] = new } else { m[head] = setting(m[head] ?? .object([:]), path.dropFirst(), to: new) }
            return .object(m)
        case .array(var a):
            let i = Int(head)!
            a[i] = setting(a[i], path.dropFirst(), to: new)
            return .array(a)
        default:
            return value
        }
    }

    struct Invalid: CustomTestStringConvertible, Sendable {
        var change: String
        var at: [String]
        var to: JSONValue?
        var path: String
        var reason: String
        var testDescription: String { change }
    }

    static let phonePattern = #"^(\+[1-9][0-9]{6,14}|[a-z]+:\+?[0-9]{6,15})$"#
    static let invalid: [Invalid] = [
        Invalid(change: "unknown sender kind", at: ["sender", "kind"], to: .string("pager"),
                path: "/sender/kind", reason: #""pager" is not one of phone, email, handle, postal, anonymous"#),
        Invalid(change: "another schema", at: ["schema"], to: .string("intake.contact/2"),
                path: "/schema", reason: #""intake.contact/2" is not "intake.contact/1""#),
        Invalid(change: "no text", at: ["text"], to: nil, path: "/text", reason: #"required property "text" is missing"#),
        Invalid(change: "no sender kind", at: ["sender", "kind"], to: nil, path: "/sender/kind", reason: #"required property "kind" is missing"#),
        Invalid(change: "a member the schema does not have", at: ["priority"], to: .string("high"),
                path: "/priority", reason: #"property "priority" is not allowed"#),
        Invalid(change: "a member name with a slash", at: ["sender", "a/b~c"], to: .null,
                path: "/sender/a~1b~0c", reason: #"property "a/b~c" is not allowed"#),
        Invalid(change: "empty id", at: ["id"], to: .string(""), path: "/id", reason: "must be at least 1 character long"),
        Invalid(change: "id with a space", at: ["id"], to: .string("web:4f 1c"),
                path: "/id", reason: "does not match the pattern ^[A-Za-z0-9][A-Za-z0-9._:@+=-]*$"),
        Invalid(change: "id ending in a newline", at: ["id"], to: .string("web:4f1c\n"),
                path: "/id", reason: "does not match the pattern ^[A-Za-z0-9][A-Za-z0-9._:@+=-]*$"),
        Invalid(change: "id too long", at: ["id"], to: .string(String(repeating: "a", count: 201)),
                path: "/id", reason: "must be at most 200 characters long"),
        Invalid(change: "id a number", at: ["id"], to: .number(42), path: "/id", reason: "expected string, got integer"),
        Invalid(change: "channel in capitals", at: ["channel"], to: .string("Web"),
                path: "/channel", reason: "does not match the pattern ^[a-z][a-z0-9_-]{0,31}$"),
        Invalid(change: "time not RFC 3339", at: ["received_at"], to: .string("30/11/2026 12:00"),
                path: "/received_at", reason: #""30/11/2026 12:00" is not an RFC 3339 date-time"#),
        Invalid(change: "revision 0", at: ["revision"], to: .number(0), path: "/revision", reason: "must be at least 1"),
        Invalid(change: "revision not whole", at: ["revision"], to: .number(1.5), path: "/revision", reason: "expected integer, got number"),
        Invalid(change: "phone sender without address", at: ["sender", "address"], to: nil,
                path: "/sender/address", reason: #"required property "address" is missing"#),
        Invalid(change: "phone sender, not E.164", at: ["sender", "address"], to: .string("520-555-0100"),
                path: "/sender/address", reason: "does not match the pattern \(phonePattern)"),
        Invalid(change: "sender not an object", at: ["sender"], to: .string("+15205550100"),
                path: "/sender", reason: "expected object, got string"),
        Invalid(change: "latitude out of range", at: ["location", "lat"], to: .number(91), path: "/location/lat", reason: "must be at most 90"),
        Invalid(change: "negative accuracy", at: ["location", "accuracy_m"], to: .number(-1),
                path: "/location/accuracy_m", reason: "must be at least 0"),
        Invalid(change: "latitude without longitude", at: ["location", "lon"], to: nil,
                path: "/location/lon", reason: #"required property "lon" is missing ("lat" is present)"#),
        Invalid(change: "location without source", at: ["location", "source"], to: nil,
                path: "/location/source", reason: #"required property "source" is missing"#),
        Invalid(change: "attachment hash in capitals", at: ["attachments", "0", "sha256"], to: .string(String(repeating: "AB", count: 32)),
                path: "/attachments/0/sha256", reason: "does not match the pattern ^[0-9a-f]{64}$"),
        Invalid(change: "attachment size negative", at: ["attachments", "0", "bytes"], to: .number(-5),
                path: "/attachments/0/bytes", reason: "must be at least 0"),
        Invalid(change: "attachment with inline content", at: ["attachments", "0", "content"], to: .string("aGVsbG8="),
                path: "/attachments/0/content", reason: #"property "content" is not allowed"#),
        Invalid(change: "51 attachments", at: ["attachments"], to: .array(Array(repeating: .object([:]), count: 51)),
                path: "/attachments", reason: "must have at most 50 items"),
        Invalid(change: "channel_data an array", at: ["channel_data"], to: .array([]), path: "/channel_data", reason: "expected object, got array"),
        Invalid(change: "text too long", at: ["text"], to: .string(String(repeating: "x", count: 100_001)),
                path: "/text", reason: "must be at most 100000 characters long"),
        Invalid(change: "text null", at: ["text"], to: .null, path: "/text", reason: "expected string, got null"),
    ]

    @Test("an invalid contact gives the path and the reason", arguments: invalid)
    func invalidGivesPathAndReason(_ c: Invalid) throws {
        let contact = Self.setting(try Self.parse(Self.valid), c.at[...], to: c.to)
        let violation = try #require(try Self.schema().validate(contact))
        #expect(violation.path == c.path)
        #expect(violation.reason == c.reason)
    }

    @Test("lengths count characters, not bytes: 100,000 two-byte characters are within the text's maximum")
    func lengthsInCodePoints() throws {
        let contact = Self.setting(try Self.parse(Self.valid), ["text"], to: .string(String(repeating: "é", count: 100_000)))
        #expect(try Self.schema().validate(contact) == nil)
        let phone = Self.setting(try Self.parse(Self.valid), ["sender", "kind"], to: .string("email"))
        let email = Self.setting(phone, ["sender", "address"], to: .string("ana@example.org"))
        #expect(try Self.schema().validate(email) == nil, "the E.164 pattern applies to phone senders only")
    }

    @Test("a schema with a keyword the validator does not implement is refused when it is loaded")
    func unknownKeywordsRefused() throws {
        #expect(throws: SchemaLoadError("/properties/a/oneOf", #"keyword "oneOf" is not supported by this validator"#)) {
            try JSONSchema(try Self.parse(#"{"type":"object","properties":{"a":{"oneOf":[{"type":"string"}]}}}"#))
        }
        #expect(throws: SchemaLoadError("/format", #"format "email" is not supported"#)) {
            try JSONSchema(try Self.parse(#"{"type":"string","format":"email"}"#))
        }
        let boolean = try JSONSchema(try Self.parse(#"{"properties":{"never":false},"items":true}"#))
        #expect(boolean.validate(try Self.parse(#"{"never":1}"#)) == SchemaViolation(path: "/never", reason: "no value is allowed here"))
        #expect(boolean.validate(try Self.parse("[1,2]")) == nil)
    }
}

/// The same cases through Python's `jsonschema` (a full Draft 2020-12 implementation, independent
/// of this one), on the same schema file: it must agree on what is valid and on where each fault is.
@Suite("Contact schema, against Python's jsonschema")
struct ContactSchemaReferenceTests {
    static let script = """
        import json, sys, jsonschema
        schema = json.load(open(sys.argv[1]))
        cls = jsonschema.Draft202012Validator
        v = cls(schema, format_checker=cls.FORMAT_CHECKER)
        out = []
        for instance in json.load(sys.stdin):
            out.append(sorted("".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in e.absolute_path)
                              for e in v.iter_errors(instance)))
        print(json.dumps(out))
        """

    @Test("jsonschema accepts the valid contacts and faults each invalid one at the path given, or at the object holding it")
    func agreesWithJSONSchema() throws {
        let valid = try ContactSchemaTests.parse(ContactSchemaTests.valid)
        let invalid = ContactSchemaTests.invalid
        var instances = [valid, ContactSchemaTests.setting(valid, ["text"], to: .string(String(repeating: "é", count: 100_000)))]
        instances += invalid.map { ContactSchemaTests.setting(valid, $0.at[...], to: $0.to) }
        var w = JSONWriter()
        w.value(.array(instances))
        let schemaFile = "\(Paths.repository)/Sources/IntakeCore/Schema/intake.contact-1.schema.json"
        let output = try ChildProcess.run(try Paths.python(), ["-c", Self.script, schemaFile], input: String(decoding: w.bytes, as: UTF8.self))
        let answers = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String]])
        try #require(answers.count == instances.count)
        #expect(answers[0].isEmpty && answers[1].isEmpty, "\(answers[0]) \(answers[1])")
        for (c, paths) in zip(invalid, answers.dropFirst(2)) {
            if c.change == "id ending in a newline" {
                // Python's `re` lets `$` match before a final newline; ECMA-262, the dialect JSON
                // Schema names, does not. This validator follows ECMA-262.
                #expect(paths.isEmpty, "jsonschema now refuses a final newline too: \(paths)")
                continue
            }
            #expect(paths.contains { c.path == $0 || c.path.hasPrefix($0 + "/") }, "\(c.change): jsonschema faults \(paths), this validator \(c.path)")
        }
    }
}
