import Foundation
import IntakeChannel
import IntakeCore
import IntakeTestSupport
import IVRChannel
import Testing

/// The prompts and the contact's wire form.
@Suite("Voice templates and schema")
struct VoiceTemplateTests {
    @Test("every prompt exists in English and Spanish and renders without leftover tags", arguments: ["en", "es"])
    func prompts(_ language: String) async throws {
        let library = try await TemplateLibrary(directory: Paths.templates)
        for name in VoiceChannel.templateNames {
            // The library falls back to English; a missing Spanish prompt must not go unnoticed.
            #expect(FileManager.default.fileExists(atPath: "\(Paths.templates)/ivr/\(name).\(language).mustache"), "\(name).\(language)")
            let text = try library.render(channel: "ivr", name: name, language: language,
                                          ["location": "Speedway and Campbell", "spelled": "T. U. C.", "ref": "TUC-2026-000001",
                                           "linked": false, "missing": false, "can_text": true])
            #expect(!text.isEmpty && !text.contains("{{"), "\(name).\(language)")
        }
    }

    @Test("the read-back names the reference, whether the case is new or already open", arguments: [false, true])
    func readBack(_ linked: Bool) async throws {
        let library = try await TemplateLibrary(directory: Paths.templates)
        for language in ["en", "es"] {
            let text = try library.render(channel: "ivr", name: "reference", language: language,
                                          ["spelled": ReferenceSpeller.spell("TUC-2026-000042"), "linked": linked])
            #expect(text.contains("T. U. C. 2. 0. 2. 6. 0. 0. 0. 0. 4. 2."))
            #expect(text.contains(linked ? (language == "es" ? "ya abierto" : "already open") : (language == "es" ? "Su número" : "Your case number")))
        }
    }

    @Test("voice contacts, first and later revisions, validate against the contact JSON Schema")
    func schema() async throws {
        var s = CallState(callSID: TestCall().sid, caller: "+15205550123", called: "+15205550311", now: Date())
        s.location = Heard(text: "Speedway and Campbell", confidence: 0.9)
        s.description = Heard(text: "Pothole", confidence: 0.8)
        var v = Voicemail(recordingSID: "RE1", recordingURL: "https://api.twilio.com/rec/RE1", durationSeconds: 12, transcriptionExpected: true)
        v.attachment = Attachment(sha256: String(repeating: "ab", count: 32), mediaType: "audio/x-wav", bytes: 4096, name: "voicemail")
        v.transcription = "It is about two feet wide"
        var withMessage = s
        withMessage.voicemail = v
        var anonymous = s
        anonymous.caller = "+266696687"
        for (state, revision) in [(s, 1), (withMessage, 3), (anonymous, 1)] {
            let contact = try #require(VoiceContact.envelope(from: state, revision: revision))
            let json = String(decoding: IntakeJSON.encode(contact), as: UTF8.self)
            try await Self.validate(json, schema: "\(Paths.repository)/Sources/IntakeCore/Schema/intake.contact-1.schema.json")
        }
    }

    /// Python's `jsonschema` (Draft 2020-12), independent of this project.
    static func validate(_ json: String, schema: String) async throws {
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            v = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
            errors = list(v.iter_errors(json.loads(sys.stdin.read())))
            for e in errors: print(list(e.path), e.message)
            sys.exit(1 if errors else 0)
            """
        try await Shell.run(try Paths.python(), ["-c", script, schema], input: json)
    }
}
