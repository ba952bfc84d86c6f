import AsyncHTTPClient
import Foundation
import IntakeCore
import IntakeServer
import IntakeStore
import IntakeTestSupport
import NIOCore
import Testing

/// The department API, the audit trail, residents' notices and the outbox, through a real
/// broker, a real database and real HTTP.
@Suite("Case life after intake")
struct CaseLifeTests {
    static let bureauToken = "bureau-\(UUID().uuidString)"
    static let waterToken = "water-\(UUID().uuidString)"
    static let transport = "Department of Transportation and Mobility"

    /// A tokens file for the 311 Bureau (any case) and Tucson Water (its own cases).
    static func tokensFile() throws -> String {
        let path = "\(try Paths.temporaryDirectory("tokens"))/department-tokens"
        let text = [DepartmentTokens.line(department: "311 Bureau", token: bureauToken),
                    DepartmentTokens.line(department: "Tucson Water", token: waterToken)].joined(separator: "\n")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The writer's process (where the API and the relay run), a probe on the whole bus, and the case
    /// tables ready.
    static func with(_ body: (TestStack, RunningIntake, BusProbe) async throws -> Void) async throws {
        try await TestStack.with { stack in
            try await RunningIntake.with(stack, stages: [.writer], settings: ["INTAKE_DEPARTMENT_TOKENS": try tokensFile(),
                                                                            "INTAKE_OUTBOX_POLL_MS": "200"]) { intake in
                let probe = try BusProbe(stack)
                try await probe.start(subscribing: [intake.settings.topics.everything])
                defer { Task { await probe.stop() } }
                try await body(stack, intake, probe)
            }
        }
    }

    /// A resident's stored report, as the writer stores it.
    struct Report {
        var id: String
        var channel: String
        var sender: Sender
        var language = "en"
        var channelData: [String: JSONValue] = [:]
        var conversation: String?
    }

    /// Stores a case with its reports, as the schema owner (as if the writer had made it).
    static func storeCase(_ stack: TestStack, ref: String, routedTo: String? = transport, status: String = "open",
                          reports: [Report]) async throws {
        let db = try await stack.ownerConnection()
        defer { Task { await db.close() } }
        try await db.query("""
            INSERT INTO cases (ref, status, channel, language, description, category, routed_to, opened_at, contact_count)
            VALUES ($1, $2, $3, 'en', 'Pothole on Stone Ave', 'pothole', $4, now(), $5)
            """, [ref, status, reports.first?.channel ?? "sms", routedTo, String(reports.count)])
        for r in reports {
            let contact = ContactEnvelope(id: r.id, channel: r.channel, adapter: r.channel, sender: r.sender, conversation: r.conversation,
                                          caseRef: nil, language: r.language, text: "Pothole on Stone Ave", channelData: r.channelData)
            let envelope = String(decoding: IntakeJSON.encode(EnrichedContact(contact: contact, dedup: DedupVerdict(verdict: .new))), as: UTF8.self)
            try await db.query("""
                INSERT INTO contacts (id, case_ref, channel, adapter, received_at, sender_kind, sender_address, language, text, dedup_verdict, envelope)
                VALUES ($1, $2, $3, $3, now(), $4, $5, $6, 'Pothole on Stone Ave', 'new', $7::jsonb)
                """, [r.id, ref, r.channel, r.sender.kind.rawValue, r.sender.address, r.language, envelope])
        }
    }

    static func patch(_ intake: RunningIntake, _ ref: String, _ body: String, token: String? = bureauToken) async throws -> (status: Int, json: [String: JSONValue]) {
        var request = HTTPClientRequest(url: "\(intake.baseURL)/api/v1/cases/\(ref)")
        request.method = .PATCH
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "X-Forwarded-For", value: "203.0.113.7")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(20))
        let bytes = try await response.body.collect(upTo: 1 << 16)
        guard case .object(let o) = try JSONReader.parse(Array(bytes.readableBytesView)) else {
            throw TestSetupError("the answer is not a JSON object: \(String(buffer: bytes))")
        }
        #expect(response.headers["Content-Type"].first == "application/json")
        return (Int(response.status.code), o)
    }

    static func replies(_ probe: BusProbe, _ intake: RunningIntake) -> [ReplyMessage] {
        probe.messages(on: "\(intake.settings.topics.prefix)/reply/").compactMap { try? IntakeJSON.decode(ReplyMessage.self, from: $0.payload) }
    }

    static func events(_ probe: BusProbe, _ intake: RunningIntake, ref: String) -> [CaseEvent] {
        probe.messages(on: intake.settings.topics.caseEvent(ref: ref)).compactMap { try? IntakeJSON.decode(CaseEvent.self, from: $0.payload) }
    }

    static let smsResident = Report(id: "sms:SM100", channel: "sms", sender: Sender(kind: .phone, address: "+15205550101"), language: "es",
                                    channelData: ["To": .string("+15205550311")])
    static let caller = Report(id: "voice:CA100", channel: "voice", sender: Sender(kind: .phone, address: "+15205550102"),
                               channelData: ["To": .string("+15205550300")])
    static let writer = Report(id: "email:m100", channel: "email", sender: Sender(kind: .email, address: "ana@example.org"))
    static let anonymous = Report(id: "chat:c100", channel: "chat", sender: Sender(kind: .anonymous, address: nil))

    @Test("a department moves a case: the case, an audit row, the event and one notice per resident, on the channel each used")
    func moveCase() async throws {
        try await Self.with { stack, intake, probe in
            let ref = "TUC-2026-000101"
            try await Self.storeCase(stack, ref: ref, reports: [Self.smsResident, Self.caller, Self.writer, Self.anonymous])

            let started = try await Self.patch(intake, ref, #"{"status":"in_progress","note":"Crew assigned"}"#)
            #expect(started.status == 200)
            #expect(started.json["status"] == .string("in_progress") && started.json["changed"] == .bool(true))
            #expect(started.json["notices"] == .number(3))
            guard case .number(let number)? = started.json["event_id"] else { throw TestSetupError("no event_id in \(started.json)") }
            let eventID = Int(number)

            try await probe.waitFor("three notices") { _ in Self.replies(probe, intake).count == 3 }
            let notices = Self.replies(probe, intake).sorted { $0.id < $1.id }
            #expect(notices.map(\.id) == ["notice:\(eventID):email:m100", "notice:\(eventID):sms:SM100", "notice:\(eventID):voice:CA100"])
            #expect(notices.map(\.channel) == ["email", "sms", "sms"])
            #expect(notices[1].to.address == "+15205550101" && notices[1].from == "+15205550311" && notices[1].text.contains("en proceso"))
            #expect(notices[2].to.address == "+15205550102" && notices[2].from == "+15205550300" && notices[2].text.contains("in progress"))
            #expect(probe.messages(on: "\(intake.settings.topics.prefix)/reply/sms").count == 2)
            try await probe.waitFor("the event") { _ in !Self.events(probe, intake, ref: ref).isEmpty }
            let event = try #require(Self.events(probe, intake, ref: ref).first)
            #expect(event.kind == .statusChanged && event.status == "in_progress" && event.note == "Crew assigned")

            let db = try await stack.ownerConnection()
            let row = try await db.query("SELECT status, status_note, closed_at FROM cases WHERE ref = $1", [ref])
            #expect(row[0, "status"] == "in_progress" && row[0, "status_note"] == "Crew assigned" && row[0, "closed_at"] == nil)
            let audit = try await db.query("""
                SELECT actor, action, detail->>'from' AS f, detail->>'to' AS t, detail->>'note' AS note, remote_addr
                FROM case_audit WHERE case_ref = $1
                """, [ref])
            #expect(audit.count == 1)
            #expect(audit[0, "actor"] == "311 Bureau" && audit[0, "action"] == "status")
            #expect(audit[0, "f"] == "open" && audit[0, "t"] == "in_progress" && audit[0, "note"] == "Crew assigned")
            #expect(audit[0, "remote_addr"] == "203.0.113.7")

            // Closing tells each resident again, with the department's note.
            let closed = try await Self.patch(intake, ref, #"{"status":"closed","note":"Pothole filled on Monday."}"#)
            #expect(closed.status == 200 && closed.json["status"] == .string("closed"))
            try await probe.waitFor("three more notices") { _ in Self.replies(probe, intake).count == 6 }
            let closing = Self.replies(probe, intake).filter { $0.text.contains("Pothole filled on Monday.") }
            #expect(closing.count == 3)
            let row2 = try await db.query("SELECT status, closed_at IS NOT NULL AS closed FROM cases WHERE ref = $1", [ref])
            #expect(row2[0, "status"] == "closed" && row2[0, "closed"] == "t")
            try await stack.waitForValue("SELECT count(*) FROM outbox", equals: "0")
            await db.close()
        }
    }

    @Test("the same PATCH again changes nothing: no event, no audit row, no notice")
    func repeatedPatch() async throws {
        try await Self.with { stack, intake, probe in
            let ref = "TUC-2026-000102"
            try await Self.storeCase(stack, ref: ref, reports: [Self.smsResident, Self.caller])
            let first = try await Self.patch(intake, ref, #"{"status":"closed","note":"Fixed."}"#)
            #expect(first.status == 200 && first.json["changed"] == .bool(true))
            let second = try await Self.patch(intake, ref, #"{"status":"closed","note":"Fixed."}"#)
            #expect(second.status == 200 && second.json["changed"] == .bool(false) && second.json["notices"] == .number(0))
            #expect(second.json["event_id"] == nil)
            try await probe.waitFor("two notices") { _ in Self.replies(probe, intake).count == 2 }
            try await stack.waitForValue("SELECT count(*) FROM outbox", equals: "0")
            try await Task.sleep(for: .seconds(1))
            #expect(Self.replies(probe, intake).count == 2)
            #expect(Self.events(probe, intake, ref: ref).count == 1)
            try await stack.waitForValue("SELECT count(*) FROM case_audit WHERE case_ref = $1", [ref], equals: "1")
            try await stack.waitForValue("SELECT count(*) FROM case_events WHERE case_ref = $1", [ref], equals: "1")
        }
    }

    @Test("refusals: no or a wrong token 401, another department's case 403, no case 404, a bad body 400, a wrong move 409, a bad merge 422")
    func refusals() async throws {
        try await Self.with { stack, intake, probe in
            let ref = "TUC-2026-000103"
            try await Self.storeCase(stack, ref: ref, reports: [Self.smsResident])
            try await Self.storeCase(stack, ref: "TUC-2026-000104", status: "closed", reports: [])
            func expect(_ r: (status: Int, json: [String: JSONValue]), _ status: Int, _ code: String) {
                #expect(r.status == status, "\(r.json)")
                #expect(r.json["error"] == .string(code), "\(r.json)")
                if case .string(let m)? = r.json["message"] { #expect(!m.isEmpty) } else { Issue.record("no message in \(r.json)") }
            }
            expect(try await Self.patch(intake, ref, #"{"status":"closed"}"#, token: nil), 401, "unauthorized")
            expect(try await Self.patch(intake, ref, #"{"status":"closed"}"#, token: "not-a-token"), 401, "unauthorized")
            expect(try await Self.patch(intake, ref, #"{"status":"closed"}"#, token: Self.waterToken), 403, "forbidden")
            expect(try await Self.patch(intake, "TUC-2026-999999", #"{"status":"closed"}"#), 404, "not_found")
            expect(try await Self.patch(intake, ref, "status=closed"), 400, "bad_request")
            expect(try await Self.patch(intake, ref, #"{"status":"done"}"#), 400, "bad_request")
            expect(try await Self.patch(intake, "TUC-2026-000104", #"{"status":"in_progress"}"#), 409, "invalid_transition")
            expect(try await Self.patch(intake, ref, #"{"duplicate_of":"TUC-2026-000103"}"#), 422, "duplicate_of_itself")
            expect(try await Self.patch(intake, ref, #"{"duplicate_of":"TUC-2026-888888"}"#), 422, "duplicate_of_unknown")
            // Nothing was changed, logged or sent by any of them.
            try await stack.waitForValue("SELECT status FROM cases WHERE ref = $1", [ref], equals: "open")
            try await stack.waitForValue("SELECT count(*) FROM case_audit", equals: "0")
            try await Task.sleep(for: .milliseconds(500))
            #expect(Self.replies(probe, intake).isEmpty)
            // A department may change the cases routed to it.
            try await Self.storeCase(stack, ref: "TUC-2026-000105", routedTo: "Tucson Water", reports: [])
            let own = try await Self.patch(intake, "TUC-2026-000105", #"{"status":"in_progress"}"#, token: Self.waterToken)
            #expect(own.status == 200 && own.json["status"] == .string("in_progress"))
            try await stack.waitForValue("SELECT actor FROM case_audit WHERE case_ref = 'TUC-2026-000105'", equals: "Tucson Water")
        }
    }

    @Test("a case merged from five reports tells all five, the merged case is then final, and its residents hear the other case close")
    func mergeTellsEveryone() async throws {
        try await Self.with { stack, intake, probe in
            try await Self.storeCase(stack, ref: "TUC-2026-000110", reports: [])
            let five = (1...5).map { n in
                Report(id: "sms:SM11\(n)", channel: "sms", sender: Sender(kind: .phone, address: "+1520555020\(n)"),
                       language: n % 2 == 0 ? "es" : "en", channelData: ["To": .string("+15205550311")])
            }
            try await Self.storeCase(stack, ref: "TUC-2026-000111", reports: five)
            let merged = try await Self.patch(intake, "TUC-2026-000111", #"{"duplicate_of":"TUC-2026-000110"}"#)
            #expect(merged.status == 200 && merged.json["status"] == .string("closed"))
            #expect(merged.json["duplicate_of"] == .string("TUC-2026-000110") && merged.json["notices"] == .number(5))
            try await probe.waitFor("five notices") { _ in Self.replies(probe, intake).count == 5 }
            let notices = Self.replies(probe, intake)
            #expect(Set(notices.compactMap(\.to.address)) == Set(five.compactMap(\.sender.address)))
            #expect(notices.allSatisfy { $0.text.contains("TUC-2026-000110") && $0.caseRef == "TUC-2026-000111" })
            try await probe.waitFor("the merge event") { _ in !Self.events(probe, intake, ref: "TUC-2026-000111").isEmpty }
            let event = Self.events(probe, intake, ref: "TUC-2026-000111")[0]
            #expect(event.kind == .merged && event.duplicateOf == "TUC-2026-000110" && event.status == "closed")
            try await stack.waitForValue("SELECT duplicate_of FROM cases WHERE ref = 'TUC-2026-000111'", equals: "TUC-2026-000110")
            let again = try await Self.patch(intake, "TUC-2026-000111", #"{"status":"open"}"#)
            #expect(again.status == 409 && again.json["error"] == .string("case_merged"))

            // The residents of the merged case follow the case it went into: they hear it close.
            let closed = try await Self.patch(intake, "TUC-2026-000110", #"{"status":"closed","note":"Repaved."}"#)
            #expect(closed.status == 200 && closed.json["notices"] == .number(5))
            try await probe.waitFor("five closing notices") { _ in Self.replies(probe, intake).count == 10 }
            let closing = Self.replies(probe, intake).filter { $0.caseRef == "TUC-2026-000110" }
            #expect(Set(closing.compactMap(\.to.address)) == Set(five.compactMap(\.sender.address)))
            #expect(closing.allSatisfy { $0.text.contains("Repaved.") })
        }
    }

    @Test("the broker is stopped while a case closes, and the event and the notice still go out once it is back")
    func brokerDownWhileClosing() async throws {
        try await Self.with { stack, intake, _ in
            let ref = "TUC-2026-000120"
            try await Self.storeCase(stack, ref: ref, reports: [Self.smsResident])
            // A probe whose session outlives the restart: whoever reconnects first, what the relay
            // publishes is queued for it.
            let probe = try BusProbe(stack, sessionExpirySeconds: 600)
            try await probe.start(subscribing: [intake.settings.topics.everything])
            defer { Task { await probe.stop() } }
            try await stack.brokerStop()
            let closed = try await Self.patch(intake, ref, #"{"status":"closed","note":"Done while the bus was down."}"#)
            #expect(closed.status == 200 && closed.json["changed"] == .bool(true))
            // Committed with its messages, which wait in the outbox.
            try await stack.waitForValue("SELECT status FROM cases WHERE ref = $1", [ref], equals: "closed")
            try await Task.sleep(for: .seconds(2))
            try await stack.waitForValue("SELECT count(*) FROM outbox", equals: "2")

            try await stack.brokerStart()
            try await probe.waitFor(timeout: .seconds(40), "the event and the notice") { _ in
                !Self.events(probe, intake, ref: ref).isEmpty && !Self.replies(probe, intake).isEmpty
            }
            #expect(Self.events(probe, intake, ref: ref).first?.note == "Done while the bus was down.")
            #expect(Self.replies(probe, intake).first?.text.contains("Done while the bus was down.") == true)
            try await stack.waitForValue("SELECT count(*) FROM outbox", equals: "0", timeout: .seconds(30))
        }
    }
}
