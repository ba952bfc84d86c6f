import Foundation
import IntakeCore
import IntakeStore
import IntakeTestSupport
import Testing

/// The web chat in a real headless Chromium, against adapters, enrich and writer on a real
/// broker and PostgreSQL.
@Suite("Web chat in a browser", .serialized)
struct WebChatBrowserTests {
    /// Inside Tucson: next to the made-up address points of N Stone Ave.
    static let stone = (lat: 32.22200, lon: -110.97160)

    static func settings() throws -> [String: String] {
        var s = try Paths.geoSettings()
        s["INTAKE_CHAT_ENABLED"] = "on"
        s["INTAKE_CHAT_MAX_PHOTO_BYTES"] = "200000"
        return s
    }

    @Test("a resident reports in English and another in Spanish with \"use my location\"; the references are cases in PostgreSQL")
    func reportsInTwoLanguages() async throws {
        try await ChannelHarness.with(stages: [.adapters, .enrich, .writer], settings: try Self.settings()) { h in
            let screenshot = "\(Paths.repository)/docs/chat-phone.png"
            try? FileManager.default.removeItem(atPath: screenshot)
            let en = try await ChatBrowser.run(h.intake.baseURL, "report", [
                "--language", "en", "--lat", "\(Self.stone.lat)", "--lon", "\(Self.stone.lon)",
                "--what", "There is a deep pothole in the right lane", "--photo", try ChatBrowser.photo(), "--screenshot", screenshot,
            ])
            let es = try await ChatBrowser.run(h.intake.baseURL, "report", [
                "--language", "es", "--lat", "32.2185", "--lon", "-110.9700",
                "--what", "Hay una fuga de agua en la banqueta",
            ])
            let db = try await h.stack.ownerConnection()
            defer { Task { await db.close() } }
            for (result, language, lat) in [(en, "en", Self.stone.lat), (es, "es", 32.2185)] {
                let ref = try #require(result["ref"]?.stringValue)
                #expect(CaseReference(parsing: ref) != nil)
                #expect(result["lang"]?.stringValue == language)
                let rows = try await db.query("""
                    SELECT c.channel, c.language, c.lat::text, c.lon::text, k.adapter, k.envelope->'location'->>'source',
                           jsonb_array_length(k.envelope->'attachments')::text
                    FROM cases c JOIN contacts k ON k.case_ref = c.ref WHERE c.ref = $1
                    """, [ref])
                let row = try #require(rows.rows.first, "case \(ref) shown on the page is not in PostgreSQL")
                #expect(row[0] == "chat")
                #expect(row[1] == language)
                #expect(abs((Double(row[2] ?? "") ?? 0) - lat) < 0.0001)
                #expect(row[4] == "web-chat")
                #expect(row[5] == "device")
                #expect(row[6] == (language == "en" ? "1" : "0"))
                // The page's own "check a reference" answered from the database.
                #expect(result["status"]?.stringValue?.contains(ref) == true)
                // Accessible: a live log, and every field labelled.
                #expect(result["live"]?.strings == ["log", "polite"])
                if case .array(let labels)? = result["labels"] { #expect(labels.count >= 5) } else { Issue.record("no labels") }
            }
            #expect(en["first_prompt"]?.stringValue?.contains("Where is the problem") == true)
            #expect(es["messages"]?.strings.contains { $0.contains("Su número de caso es") } == true)
            #expect(en["messages"]?.strings.contains { $0.contains("Your case number is") } == true)
            #expect(try #require(es["status"]?.stringValue).hasPrefix("Caso "))
            // The photo is stored by hash, byte-exact.
            let photo = try await db.query("SELECT k.envelope->'attachments'->0->>'sha256' FROM contacts k WHERE k.case_ref = $1",
                                           [en["ref"]?.stringValue])
            let hash = try #require(photo.rows.first?[0])
            #expect(FileManager.default.fileExists(atPath: "\(h.intake.settings.dataDirectory)/blobs/\(hash.prefix(2))/\(hash)"))
            // The phone-size screenshot the README shows.
            let png = try #require(FileManager.default.contents(atPath: screenshot))
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        }
    }

    @Test("the socket is cut mid-conversation: the page resumes with its token and the report completes as one contact")
    func socketCutMidConversation() async throws {
        try await ChannelHarness.with(stages: [.adapters, .enrich, .writer], settings: try Self.settings()) { h in
            let result = try await ChatBrowser.run(h.intake.baseURL, "report", [
                "--language", "en", "--lat", "\(Self.stone.lat)", "--lon", "\(Self.stone.lon)",
                "--what", "Streetlight out on the corner", "--cut",
            ])
            let ref = try #require(result["ref"]?.stringValue)
            // The same conversation resumed: the page kept its token.
            #expect(result["token"]?.stringValue != nil)
            #expect(result["token"] == result["token_after"])
            let db = try await h.stack.ownerConnection()
            defer { Task { await db.close() } }
            let rows = try await db.query("""
                SELECT count(*)::text, min(k.text), min(k.envelope->'location'->>'source') FROM contacts k WHERE k.case_ref = $1
                """, [ref])
            #expect(rows.rows.first?[0] == "1")
            #expect(rows.rows.first?[1] == "Streetlight out on the corner")
            #expect(rows.rows.first?[2] == "device")
            // One contact on the bus too (a republish under load repeats its id, never a new one):
            // the place sent before the cut was kept, not asked again.
            #expect(Set(try h.contacts(channel: "chat").map(\.id)).count == 1)
        }
    }

    @Test("triage unsure: the chat asks which problem with buttons, and the tapped answer files the case")
    func whichProblem() async throws {
        try await ChannelHarness.with(stages: [.adapters, .enrich, .writer], settings: try Self.settings()) { h in
            let r = try await ChatBrowser.run(h.intake.baseURL, "question", [
                "--where", "100 N Stone Ave", "--what", "graffiti on the streetlight pole", "--choose", "Graffiti",
            ])
            let ref = try #require(r["ref"]?.stringValue)
            #expect(r["question"]?.stringValue == "Which is it? Choose one below.")
            #expect(r["choices"]?.strings.contains("Graffiti") == true)
            #expect(r["choices"]?.strings.last == "Something else")
            #expect(r["thanks"]?.stringValue == "Thank you. Case \(ref) is filed as Graffiti.")
            // The answer is a follow-up contact of the case, and the writer applied it.
            try await h.stack.waitForValue("SELECT category || ' ' || needs_review::text || ' ' || contact_count FROM cases WHERE ref = $1",
                                           [ref], equals: "graffiti false 2")
            try await h.stack.waitForValue("SELECT count(*) FROM cases", equals: "1")
        }
    }

    @Test("an emergency typed in the chat is answered at once with the 911 advice and its record, not the thank-you, and reaches the CAD endpoint")
    func emergency() async throws {
        let cad = try RecordingServer()
        try await cad.start()
        defer { cad.stop() }
        var settings = try Self.settings()
        settings["INTAKE_CAD_URL"] = cad.baseURL + "/cad/escalations"
        let key = "\(try Paths.temporaryDirectory("cad-key"))/cad-signing-key"
        try "chat-test-signing-key-\(UUID().uuidString)\n".write(toFile: key, atomically: true, encoding: .utf8)
        settings["INTAKE_CAD_SIGNING_KEY_FILE"] = key
        try await ChannelHarness.with(stages: [.adapters, .enrich, .writer], settings: settings) { h in
            let r = try await ChatBrowser.run(h.intake.baseURL, "emergency", [
                "--where", "100 N Stone Ave", "--what", "I smell gas really strong outside, I think the line is leaking",
            ])
            let ref = try #require(r["ref"]?.stringValue)
            let messages = r["messages"]?.strings ?? []
            let advice = try #require(messages.last)
            #expect(advice.contains("call 911 now") && advice.contains("911 has been alerted") && advice.contains("Record \(ref)"))
            #expect(!messages.contains { $0.contains("Your case number is") }, "not the ordinary thank-you: \(messages)")
            #expect(r["photo_asked"]?.bool == false)
            try await h.stack.waitForValue("SELECT count(*) FROM cases WHERE ref = $1", [ref], equals: "1")
            // The escalation went to the 911 centre's CAD endpoint.
            let deadline = ContinuousClock.now + .seconds(30)
            while cad.requests.filter({ $0.method == "POST" }).isEmpty && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(cad.requests.contains { $0.method == "POST" && $0.path == "/cad/escalations" })
        }
    }

    @Test("a foreign Origin is refused, oversized photos and malformed frames get clear errors, a flood is cut off")
    func abuse() async throws {
        try await ChannelHarness.with(stages: [.adapters, .enrich, .writer], settings: try Self.settings()) { h in
            let r = try await ChatBrowser.run(h.intake.baseURL, "abuse", ["--oversize", "300000", "--workdir", try Paths.temporaryDirectory("chat")])
            // hummingbird-websocket answers every refused upgrade with 400 and closes.
            #expect(r["origin_foreign"]?.number == 400)
            #expect(r["origin_missing_scheme"]?.number == 400)
            #expect(r["origin_own"]?.number == 101)
            #expect(r["page_refusal"]?.stringValue?.contains("too large") == true)
            #expect(r["page_refusal"]?.stringValue?.contains("195 KB") == true)

            let raw = try #require(r["raw_oversize"].flatMap { if case .object(let o) = $0 { o } else { nil } })
            let rawFrames = raw["got"]?.objects ?? []
            #expect(rawFrames.contains { $0["code"]?.stringValue == "too_large" && $0["text"]?.stringValue?.contains("too large") == true })
            // Still serving after the refusal: the status check that followed was answered.
            #expect(rawFrames.contains { $0["type"]?.stringValue == "status" })

            let bad = try #require(r["malformed"].flatMap { if case .object(let o) = $0 { o } else { nil } })
            let badFrames = bad["got"]?.objects ?? []
            #expect(badFrames.filter { $0["code"]?.stringValue == "malformed" }.count == 4)
            #expect(badFrames.contains { $0["code"]?.stringValue == "not_an_image" })
            #expect(badFrames.contains { $0["type"]?.stringValue == "status" })
            #expect(bad["open"]?.bool == true)

            let flood = try #require(r["flood"].flatMap { if case .object(let o) = $0 { o } else { nil } })
            #expect((flood["got"]?.objects ?? []).contains { $0["code"]?.stringValue == "rate_limited" })
            #expect(flood["closed"]?.number == 1008)
            // Nothing of all that became a contact, and the process is still healthy.
            #expect(try h.contacts(channel: "chat").isEmpty)
            try await h.intake.waitUntilHealthy(timeout: .seconds(5))
        }
    }
}
