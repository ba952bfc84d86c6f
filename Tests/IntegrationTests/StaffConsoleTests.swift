import AsyncHTTPClient
import Foundation
import IntakeCore
import IntakeServer
import IntakeStore
import IntakeTestSupport
import NIOCore
import Testing

/// The staff console through real HTTP, a real broker and a real database: logins, sessions,
/// CSRF, and a walk-in contact entered in headless Chromium that becomes a case.
@Suite("Staff console")
struct StaffConsoleTests {
    static let user = "ana.ruiz"
    static let password = "cactus-wren-42"

    /// A staff users file with one user (a cheap bcrypt cost: the check is the same).
    static func usersFile() throws -> String {
        let path = "\(try Paths.temporaryDirectory("staff"))/staff-users"
        try StaffUsers.add(user: user, password: password, path: path, cost: 4)
        return path
    }

    /// The writer's process with enrich, the Tucson gazetteer and boundaries (the console places
    /// addresses with them), and one staff user.
    static func with(stages: Set<Stage> = [.enrich, .writer], settings: [String: String] = [:],
                     _ body: (TestStack, RunningIntake) async throws -> Void) async throws {
        let all = try Paths.geoSettings().merging(["INTAKE_STAFF_USERS": try usersFile()]) { $1 }.merging(settings) { $1 }
        try await TestStack.with { stack in
            try await RunningIntake.with(stack, stages: stages, settings: all) { intake in
                try await body(stack, intake)
            }
        }
    }

    /// Does not follow redirects, so that they can be checked; one for the test process.
    static let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))

    /// A client with its own cookies.
    struct Client {
        var http: HTTPClient { StaffConsoleTests.http }
        let base: String
        var cookies: [String: String] = [:]

        struct Answer {
            var status: Int
            var headers: [(String, String)]
            var body: String
            func header(_ name: String) -> [String] { headers.filter { $0.0.lowercased() == name.lowercased() }.map(\.1) }
            /// The form's CSRF token on the page.
            var csrf: String? {
                guard let r = body.range(of: "name=\"csrf\" value=\"") else { return nil }
                return String(body[r.upperBound...].prefix { $0 != "\"" })
            }
        }

        enum Method { case GET, POST }

        mutating func send(_ method: Method, _ path: String, form: [String: String]? = nil) async throws -> Answer {
            var request = HTTPClientRequest(url: base + path)
            request.method = method == .POST ? .POST : .GET
            if !cookies.isEmpty { request.headers.add(name: "Cookie", value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")) }
            if let form {
                request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
                var allowed = CharacterSet.alphanumerics
                allowed.insert(charactersIn: "-._~")
                let body = form.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
                request.body = .bytes(ByteBuffer(string: body))
            }
            let response = try await http.execute(request, timeout: .seconds(30))
            let body = String(buffer: try await response.body.collect(upTo: 1 << 20))
            let headers = response.headers.map { ($0.name, $0.value) }
            for c in headers where c.0.lowercased() == "set-cookie" {
                let pair = c.1.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
                if pair.count == 2 { cookies[String(pair[0])] = String(pair[1]) }
            }
            return Answer(status: Int(response.status.code), headers: headers, body: body)
        }

        /// Opens `path` and collects its body as it streams (server-sent events) until the task is cancelled.
        func stream(_ path: String, into feed: Feed) async throws -> Task<Void, Never> {
            var request = HTTPClientRequest(url: base + path)
            request.headers.add(name: "Cookie", value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
            let response = try await http.execute(request, timeout: .seconds(120))
            #expect(response.status == .ok)
            #expect(response.headers["Content-Type"].first == "text/event-stream")
            return Task {
                do {
                    for try await chunk in response.body { feed.text.withLock { $0 += String(buffer: chunk) } }
                } catch {}
            }
        }

        /// Logs in; returns the login's answer.
        mutating func login(password: String) async throws -> Answer {
            let page = try await send(.GET, "/console/login")
            return try await send(.POST, "/console/login", form: ["user": StaffConsoleTests.user, "password": password, "csrf": page.csrf ?? ""])
        }
    }

    @Test("pages need a session; a wrong password is refused; the session cookie is HttpOnly and SameSite=Strict")
    func logins() async throws {
        try await Self.with { _, intake in
            var client = Client(base: intake.baseURL)
            for path in ["/console", "/console/cases", "/console/cases/TUC-2026-000001"] {
                let a = try await client.send(.GET, path)
                #expect(a.status == 303, "\(path)")
                #expect(a.header("Location") == ["/console/login"], "\(path)")
            }
            let wrong = try await client.login(password: "not-the-password")
            #expect(wrong.status == 401)
            #expect(wrong.body.contains("Wrong user name or password"))
            #expect(client.cookies[StaffConsole.sessionCookieName] == nil)
            #expect(try await client.send(.GET, "/console").status == 303)

            // The login form itself carries a token: without it, even the right password is refused.
            var bare = Client(base: intake.baseURL)
            let noToken = try await bare.send(.POST, "/console/login", form: ["user": Self.user, "password": Self.password])
            #expect(noToken.status == 403)

            let right = try await client.login(password: Self.password)
            #expect(right.status == 303)
            #expect(right.header("Location") == ["/console"])
            let session = right.header("Set-Cookie").first { $0.hasPrefix("\(StaffConsole.sessionCookieName)=") } ?? ""
            #expect(session.contains("HttpOnly"))
            #expect(session.contains("SameSite=Strict"))
            let page = try await client.send(.GET, "/console")
            #expect(page.status == 200)
            #expect(page.body.contains("walk_in") && page.body.contains(Self.user))
        }
    }

    @Test("a POST without the CSRF token, or with a wrong one, is 403 and enters nothing")
    func csrf() async throws {
        try await Self.with { stack, intake in
            var client = Client(base: intake.baseURL)
            #expect(try await client.login(password: Self.password).status == 303)
            let page = try await client.send(.GET, "/console")
            let token = try #require(page.csrf)
            // A wrong token differs from it in its first character, whatever that is.
            let form = ["channel": "phone", "contact": "+15205550142", "description": "Streetlight out on Oracle Rd", "language": "en"]
            #expect(try await client.send(.POST, "/console/contacts", form: form).status == 403)
            #expect(try await client.send(.POST, "/console/contacts", form: form.merging(["csrf": (token.first == "0" ? "1" : "0") + token.dropFirst()]) { $1 }).status == 403)
            #expect(try await client.send(.POST, "/console/logout", form: [:]).status == 403)
            // Without a session no token can be right.
            var stranger = Client(base: intake.baseURL)
            #expect(try await stranger.send(.POST, "/console/contacts", form: form.merging(["csrf": token]) { $1 }).status == 403)

            let accepted = try await client.send(.POST, "/console/contacts", form: form.merging(["csrf": token]) { $1 })
            #expect(accepted.status == 200)
            let db = try await stack.ownerConnection()
            defer { Task { await db.close() } }
            let rows = try await Self.waitForContacts(db, count: 1)
            try #require(rows.count == 1)
            #expect(rows[0, "channel"] == "phone")
            #expect(rows[0, "staff"] == Self.user)

            // Logging out ends the session.
            #expect(try await client.send(.POST, "/console/logout", form: ["csrf": token]).status == 303)
            #expect(try await client.send(.GET, "/console").status == 303)
        }
    }

    @Test("staff enter a walk-in contact in Chromium and it becomes a case, found by phone and on its page")
    func walkInInChromium() async throws {
        try await Self.with { stack, intake in
            // An open case some 40 m away, its address written another way.
            let nearby = try await Self.enterCase(intake, stack, address: "325 North Stone Avenue", description: "Graffiti on the bus shelter")
            let output = try await Shell.run(try Paths.python(), [
                "-u", "\(Paths.repository)/Tests/Browser/console_browser.py", intake.baseURL, Self.user, Self.password,
                "walk_in", "(520) 555-0188", "300 N Stone Ave", "Large pothole in the right lane, cars swerving",
            ])
            guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix("{") }),
                  case .object(let result) = try JSONReader.parse(Array(line.utf8)) else {
                throw TestSetupError("the browser printed no result:\n\(output)")
            }
            #expect(result["logged_in"] == .bool(true))
            #expect(result["cookie"] == .object(["httpOnly": .bool(true), "sameSite": .string("Strict")]))
            // The check before submitting named the category the rules give a pothole, and kept the form.
            #expect(result["likely_category"]?.stringValue?.lowercased().contains("pothole") == true)
            #expect(result["form_kept"] == .bool(true))
            // ... and the open case nearby, with its distance.
            #expect(result["nearby"] == .array([.string(nearby)]))
            #expect(result["nearby_distance"]?.stringValue?.hasSuffix(" m") == true)

            let db = try await stack.ownerConnection()
            defer { Task { await db.close() } }
            let rows = try await Self.waitForContacts(db, count: 2)
            try #require(rows.count == 2)
            // The walk-in's own row (the other is the case nearby).
            let w = try #require((0..<rows.count).first { rows[$0, "case_ref"] != nearby })
            let ref = try #require(rows[w, "case_ref"])
            #expect(rows[w, "channel"] == "walk_in")
            #expect(rows[w, "staff"] == Self.user)
            #expect(rows[w, "sender_address"] == "+15205550188")
            let cases = try await db.query("SELECT channel, location_text FROM cases WHERE ref = $1", [ref])
            #expect(cases.count == 1)
            #expect(cases[0, "channel"] == "walk_in")
            // The page showed the reference at once, or said "received" with the contact id.
            if case .string(let shown) = result["case_ref"] {
                #expect(shown == ref)
                #expect(result["case_page_has_staff"] == .bool(true))
            } else {
                #expect(result["contact_id"] == rows[w, "id"].map(JSONValue.string))
            }

            var client = Client(base: intake.baseURL)
            #expect(try await client.login(password: Self.password).status == 303)
            let found = try await client.send(.GET, "/console/cases?field=phone&q=5205550188")
            #expect(found.body.contains(ref))
            let byAddress = try await client.send(.GET, "/console/cases?field=address&q=stone+ave")
            #expect(byAddress.body.contains(ref))
            let casePage = try await client.send(.GET, "/console/cases/\(ref)")
            #expect(casePage.status == 200)
            #expect(casePage.body.contains("Large pothole") && casePage.body.contains(Self.user))
        }
    }

    @Test("the live view streams contacts and escalations; its acknowledge button publishes escalation/{id}/ack")
    func liveView() async throws {
        try await Self.with { stack, intake in
            let probe = try BusProbe(stack, role: "intake")
            try await probe.start(subscribing: ["\(intake.settings.topics.escalation)/#"])
            defer { Task { await probe.stop() } }
            var client = Client(base: intake.baseURL)
            #expect(try await client.send(.GET, "/console/live").status == 303)
            #expect(try await client.login(password: Self.password).status == 303)
            let page = try await client.send(.GET, "/console/live")
            #expect(page.status == 200 && page.body.contains("EventSource"))
            let token = try #require(page.csrf)

            let feed = Feed()
            let reading = try await client.stream("/console/live/events", into: feed)
            defer { reading.cancel() }
            func waitForFeed(_ what: String) async throws {
                let deadline = ContinuousClock.now + .seconds(30)
                while !feed.contains(what) {
                    if ContinuousClock.now > deadline { throw TestSetupError("no \(what) in the live feed: \(feed.text.withLock { $0 })") }
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
            try await waitForFeed(": live")

            let id = "esc-\(UUID().uuidString.prefix(8).lowercased())"
            let escalation = Escalation(id: id, contactID: "sms:SMconsole1", channel: "sms", reason: "gas leak", callback: nil,
                                        location: nil, text: "I smell gas", at: Date())
            try probe.client.send(topic: intake.settings.topics.escalation, payload: IntakeJSON.encode(escalation), qos: 1)
            try await waitForFeed("event: escalation")
            try await waitForFeed("\"id\":\"\(id)\"")
            // Summaries only: the resident's words stay off the feed.
            #expect(!feed.contains("I smell gas"))

            let entered = try await client.send(.POST, "/console/contacts", form: [
                "csrf": token, "channel": "walk_in", "description": "Graffiti on the library wall", "address": "101 N Stone Ave"])
            #expect(entered.status == 200)
            try await waitForFeed("event: contact")
            try await waitForFeed("\"channel\":\"walk_in\"")

            #expect(try await client.send(.POST, "/console/escalations/\(id)/ack", form: [:]).status == 403)
            let ack = try await client.send(.POST, "/console/escalations/\(id)/ack", form: ["csrf": token])
            #expect(ack.status == 303)
            let messages = try await probe.waitFor("the acknowledgement") { $0.contains { $0.topic.hasSuffix("/escalation/\(id)/ack") } }
            let published = try #require(messages.first { $0.topic.hasSuffix("/escalation/\(id)/ack") })
            guard case .object(let o) = try JSONReader.parse(published.payload) else { throw TestSetupError("the ack is not JSON") }
            #expect(o["schema"] == .string("intake.escalation-ack/1"))
            #expect(o["id"] == .string(id))
            #expect(o["by"] == .string(Self.user))
            #expect(o["via"] == .string("console"))
            try await waitForFeed("event: ack")
        }
    }

    @Test("the check lists the open cases near the address however it is written, nearest first, with their distance")
    func nearbyCases() async throws {
        try await Self.with { stack, intake in
            // Three cases on N Stone Ave: 325 (about 41 m from 300), 250 (about 61 m) and 500 (about 245 m).
            let near = try await Self.enterCase(intake, stack, address: "325 North Stone Avenue", description: "Graffiti on the bus shelter")
            let nearer = try await Self.enterCase(intake, stack, address: "250 N Stone Ave", description: "Streetlight out all night")
            let far = try await Self.enterCase(intake, stack, address: "500 N Stone Ave", description: "Graffiti on the wall of the garage")
            #expect(Set([near, nearer, far]).count == 3)

            var client = Client(base: intake.baseURL)
            #expect(try await client.login(password: Self.password).status == 303)
            let token = try #require(try await client.send(.GET, "/console").csrf)
            let form = ["csrf": token, "channel": "phone", "address": "300 n. stone avenue", "description": "A pothole by the curb"]
            let checked = try await client.send(.POST, "/console/check", form: form)
            #expect(checked.status == 200)
            let refs = Self.nearbyRefs(checked.body)
            #expect(refs == [near, nearer], "\(checked.body)")
            #expect(checked.body.contains("Graffiti") || checked.body.contains("graffiti"))
            #expect(checked.body.contains("325 North Stone Avenue"))
            #expect(checked.body.contains("41 m") || checked.body.contains("40 m") || checked.body.contains("42 m"))

            // A closed case is not shown.
            let db = try await stack.ownerConnection()
            defer { Task { await db.close() } }
            try await db.query("UPDATE cases SET status = 'closed', closed_at = now() WHERE ref = $1", [near])
            #expect(Self.nearbyRefs(try await client.send(.POST, "/console/check", form: form).body) == [nearer])

            // An address the map does not know is said so, not matched by its words.
            let unknown = try await client.send(.POST, "/console/check", form: form.merging(["address": "Nowhere Lane"]) { $1 })
            #expect(unknown.body.contains("id=\"not-placed\"") && Self.nearbyRefs(unknown.body).isEmpty)
        }
    }

    @Test("the case page lists the notices residents were sent, with channel and delivery, and the events and audit trail")
    func caseReplies() async throws {
        try await Self.with(stages: [.writer], settings: ["INTAKE_DEPARTMENT_TOKENS": try CaseLifeTests.tokensFile(),
                                                         "INTAKE_OUTBOX_POLL_MS": "200"]) { stack, intake in
            let ref = "TUC-2026-000301"
            try await CaseLifeTests.storeCase(stack, ref: ref, reports: [CaseLifeTests.smsResident, CaseLifeTests.writer])
            let started = try await CaseLifeTests.patch(intake, ref, #"{"status":"in_progress","note":"Crew assigned"}"#)
            #expect(started.status == 200 && started.json["notices"] == .number(2))
            let event = try #require(started.json["event_id"].flatMap { if case .number(let n) = $0 { Int(n) } else { nil } })

            var client = Client(base: intake.baseURL)
            #expect(try await client.login(password: Self.password).status == 303)
            // Once the relay has handed the notices to the broker, the page says so.
            let deadline = ContinuousClock.now + .seconds(20)
            var page = try await client.send(.GET, "/console/cases/\(ref)")
            while page.body.components(separatedBy: "handed to the broker").count - 1 < 2, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(200))
                page = try await client.send(.GET, "/console/cases/\(ref)")
            }
            #expect(page.status == 200)
            let body = page.body
            #expect(body.contains("id=\"replies\""))
            #expect(body.contains("notice:\(event):sms:SM100") && body.contains("notice:\(event):email:m100"))
            #expect(body.components(separatedBy: "class=\"reply\"").count - 1 == 2)
            #expect(body.components(separatedBy: "handed to the broker").count - 1 == 2)
            // The notice's own words, in the resident's language (the SMS resident writes Spanish).
            #expect(body.contains("en proceso"))
            // No adapters run here: the page says that delivery is known only where they run.
            #expect(body.contains("id=\"sent-log-absent\""))
            // The event and the audit row of the change.
            #expect(body.contains("status_changed"))
            #expect(body.contains("311 Bureau") && body.contains("203.0.113.7"))
        }
    }

    /// The references in the check's table of nearby cases, in order.
    static func nearbyRefs(_ html: String) -> [String] {
        html.components(separatedBy: "class=\"nearby-ref\" href=\"/console/cases/").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    /// Enters a walk-in contact through the console and returns its case's reference once stored.
    static func enterCase(_ intake: RunningIntake, _ stack: TestStack, address: String, description: String) async throws -> String {
        var client = Client(base: intake.baseURL)
        #expect(try await client.login(password: password).status == 303)
        let token = try #require(try await client.send(.GET, "/console").csrf)
        let entered = try await client.send(.POST, "/console/contacts", form: [
            "csrf": token, "channel": "walk_in", "address": address, "description": description])
        guard entered.status == 200 else { throw TestSetupError("the contact was not entered: \(entered.status) \(entered.body)") }
        if let r = entered.body.range(of: "id=\"case-ref\" href=\"/console/cases/") {
            return String(entered.body[r.upperBound...].prefix { $0 != "\"" })
        }
        guard let r = entered.body.range(of: "<code id=\"contact-id\">") else { throw TestSetupError("no contact id on \(entered.body)") }
        let id = String(entered.body[r.upperBound...].prefix { $0 != "<" })
        let db = try await stack.ownerConnection()
        defer { Task { await db.close() } }
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let rows = try await db.query("SELECT case_ref FROM contacts WHERE id = $1", [id])
            if rows.count == 1, let ref = rows[0, "case_ref"] { return ref }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw TestSetupError("contact \(id) made no case")
    }

    /// What the live view's stream has said so far.
    final class Feed: Sendable {
        let text = Locked("")
        func contains(_ s: String) -> Bool { text.withLock { $0.contains(s) } }
    }

    /// The console's contacts once `count` are stored (up to 30 s).
    static func waitForContacts(_ db: PostgresConnection, count: Int) async throws -> PostgresRows {
        let deadline = ContinuousClock.now + .seconds(30)
        while true {
            let rows = try await db.query("""
                SELECT id, case_ref, channel, sender_address, envelope->'channel_data'->>'staff' AS staff
                FROM contacts WHERE adapter = 'console' ORDER BY received_at
                """)
            if rows.count >= count || ContinuousClock.now > deadline { return rows }
            try await Task.sleep(for: .milliseconds(200))
        }
    }
}
