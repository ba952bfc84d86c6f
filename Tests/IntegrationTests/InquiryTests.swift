import AsyncHTTPClient
import Foundation
import IntakeCore
import IntakeServer
import IntakeTestSupport
import Testing

/// Questions through the whole pipeline (real HTTP, mosquitto and PostgreSQL): answered at once on
/// SMS in the resident's language from the city's answers file, stored as contacts of kind
/// `inquiry` with no case; a question no entry covers waits for staff in the console, whose answer
/// reaches the resident on their channel.
@Suite("Inquiries")
struct InquiryTests {
    static func settings() throws -> [String: String] {
        ["INTAKE_ACK_WAIT_MS": "10000", "INTAKE_STAFF_USERS": try StaffConsoleTests.usersFile()]
    }

    @Test("questions in English and Spanish get their answers in the SMS reply; each is an inquiry with its answer and no case")
    func smsQuestions() async throws {
        try await ChannelHarness.with(stages: [.adapters, .enrich, .writer], settings: try Self.settings()) { h in
            let en = TestTwilio.messageSID(), es = TestTwilio.messageSID()
            let english = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: "hi, when do they pick up the trash? which day", sid: en))
            #expect(english.status == 200)
            #expect(english.body.contains("Trash and recycling are collected once a week"), "\(english.body)")
            #expect(!english.body.contains("we received your report"), "\(english.body)")
            let spanish = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: "¿Dónde se paga el recibo del agua?", sid: es))
            #expect(spanish.body.contains("Puede pagar su recibo de Tucson Water"), "\(spanish.body)")
            #expect(spanish.body.contains("Más: https://"), "\(spanish.body)")

            let db = try await h.stack.ownerConnection()
            defer { Task { await db.close() } }
            let rows = try await db.query("""
                SELECT k.id, k.kind, k.case_ref, i.answer_id, i.status, i.language FROM contacts k JOIN inquiries i ON i.contact_id = k.id
                ORDER BY i.answer_id
                """)
            #expect(rows.count == 2)
            #expect(rows.rows.map { $0[0] } == ["sms:\(en)", "sms:\(es)"])
            #expect(rows.rows.map { $0[1] } == ["inquiry", "inquiry"])
            #expect(rows.rows.map { $0[2] } == [nil, nil])
            #expect(rows.rows.map { $0[3] } == ["trash-day", "water-bill"])
            #expect(rows.rows.map { $0[4] } == ["answered", "answered"])
            #expect(rows.rows.map { $0[5] } == ["en", "es"])
            // A question never opens a case.
            #expect(try await db.query("SELECT count(*) FROM cases")[0, "count"] == "0")
            // The enriched message says what it is.
            let enriched = try h.probe.messages(on: h.intake.settings.topics.enriched(channel: "sms")).map {
                try IntakeJSON.decode(EnrichedContact.self, from: $0.payload)
            }
            #expect(enriched.allSatisfy { $0.kind == .inquiry })
            #expect(Set(enriched.compactMap(\.inquiry?.answerID)) == ["trash-day", "water-bill"])

            // A report sent beside them still opens its case.
            let report = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: "The streetlight at 5th and Main is broken"))
            #expect(report.body.contains("we received your report"), "\(report.body)")
            try await h.stack.waitForValue("SELECT count(*) FROM cases", equals: "1")
            try await h.stack.waitForValue("SELECT count(*) FROM contacts WHERE kind = 'request' AND case_ref IS NOT NULL", equals: "1")

            // Counted in /metrics.
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "\(h.intake.baseURL)/metrics"), timeout: .seconds(5))
            let metrics = String(buffer: try await response.body.collect(upTo: 1 << 22))
            #expect(metrics.contains("intake_inquiries_total{"), "\(metrics.prefix(400))")
        }
    }

    @Test("a question no entry covers: the resident is told a person will answer; it waits in the console until staff answer it by SMS")
    func waitsForStaff() async throws {
        try await ChannelHarness.with(stages: [.adapters, .enrich, .writer], settings: try Self.settings()) { h in
            let sid = TestTwilio.messageSID()
            let r = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: "how do I get a copy of my marriage certificate?", sid: sid))
            #expect(r.body.contains("A 311 staff member will answer you here soon"), "\(r.body)")
            let db = try await h.stack.ownerConnection()
            defer { Task { await db.close() } }
            let stored = try await db.query("SELECT status, answer_id FROM inquiries WHERE contact_id = $1", ["sms:\(sid)"])
            #expect(stored[0, "status"] == "waiting")
            #expect(stored[0, "answer_id"] == nil)
            #expect(try await db.query("SELECT count(*) FROM cases")[0, "count"] == "0")

            var staff = StaffConsoleTests.Client(base: h.intake.baseURL)
            #expect(try await staff.login(password: StaffConsoleTests.password).status == 303)
            let page = try await staff.send(.GET, "/console/inquiries")
            #expect(page.status == 200)
            #expect(page.body.contains("marriage certificate"))
            #expect(page.body.contains("data-contact=\"sms:\(sid)\""))
            let answer = "Copies of marriage certificates come from the Clerk of the Superior Court, 110 W Congress St."
            let sent = try await staff.send(.POST, "/console/inquiries/sms:\(sid)/answer", form: ["csrf": page.csrf ?? "", "answer": answer])
            #expect(sent.status == 200)
            #expect(sent.body.contains("Answer sent."), "\(sent.body)")
            #expect(sent.body.contains("No inquiry is waiting."))

            let answered = try await db.query("SELECT status, staff_answer, answered_by FROM inquiries WHERE contact_id = $1", ["sms:\(sid)"])
            #expect(answered[0, "status"] == "answered")
            #expect(answered[0, "staff_answer"] == answer)
            #expect(answered[0, "answered_by"] == StaffConsoleTests.user)
            // The outbox relay publishes the reply; the SMS adapter sends it through Twilio's REST API.
            let sends = try await h.provider.waitFor(timeout: .seconds(20)) { $0.contains { $0.body.contains("Clerk+of+the+Superior+Court") || $0.body.contains("Clerk%20of%20the%20Superior%20Court") } }
            #expect(!sends.isEmpty)
            // Answered once: a second answer finds nothing waiting.
            let again = try await staff.send(.POST, "/console/inquiries/sms:\(sid)/answer", form: ["csrf": page.csrf ?? "", "answer": "again"])
            #expect(again.body.contains("not waiting any more"))
        }
    }
}
