import Foundation
import IntakeCore
import IntakeLocate
@testable import IntakeServer
import Testing

/// The staff console's parts that need nothing running: logins file, the form's contact, HTML
/// escaping, form decoding, and the live feed's summaries.
@Suite("Staff console parts")
struct StaffConsoleUnitTests {
    @Test("intake staff add appends a bcrypt hash; only the right password verifies")
    func usersFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("staff-\(UUID().uuidString)").path
        let path = "\(dir)/staff-users"
        try StaffUsers.add(user: "ana.ruiz", password: "cactus-wren-42", path: path, cost: 4)
        try StaffUsers.add(user: "li", password: "saguaro-blooms", path: path, cost: 4)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains("cactus-wren-42"))
        #expect(text.split(separator: "\n").allSatisfy { $0.split(separator: " ")[1].hasPrefix("$2") })
        let perms = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(perms == 0o600)
        let users = try StaffUsers.load(path: path)
        #expect(users.verify(user: "ana.ruiz", password: "cactus-wren-42"))
        #expect(users.verify(user: "li", password: "saguaro-blooms"))
        #expect(!users.verify(user: "ana.ruiz", password: "saguaro-blooms"))
        #expect(!users.verify(user: "nobody", password: "cactus-wren-42"))
        #expect(throws: StaffUsersError.self) { try StaffUsers.add(user: "bad name", password: "long enough", path: path, cost: 4) }
        #expect(throws: StaffUsersError.self) { try StaffUsers.add(user: "ok", password: "short", path: path, cost: 4) }
        #expect(try StaffUsers.load(path: "\(dir)/missing").hashes.isEmpty)
    }

    @Test("the form becomes a contact of adapter console, its channel, with the staff member")
    func contact() throws {
        let c = try ConsoleForms.contact(["channel": "phone", "name": "Rosa Delgado", "contact": "(520) 555-0188", "language": "es",
                                          "address": " 300 N Stone Ave ", "description": "Hay un bache grande"], staff: "ana.ruiz")
        #expect(c.adapter == "console")
        #expect(c.channel == "phone")
        #expect(c.id.hasPrefix("console:"))
        #expect(c.sender == Sender(kind: .phone, address: "+15205550188", name: "Rosa Delgado"))
        #expect(c.language == "es")
        #expect(c.location == Location(text: "300 N Stone Ave", source: .resident))
        #expect(c.channelData["staff"] == .string("ana.ruiz"))
        // It passes the contact schema the pipeline checks.
        let decoded = try IntakeJSON.decode(ContactEnvelope.self, from: IntakeJSON.encode(c))
        #expect(decoded.id == c.id)

        let letter = try ConsoleForms.contact(["channel": "mail", "address": "12 W Main St", "description": "Broken streetlight"], staff: "li")
        #expect(letter.sender.kind == .postal)
        #expect(letter.language == "en")
        let email = try ConsoleForms.contact(["channel": "walk_in", "contact": "rosa@example.org", "description": "Graffiti"], staff: "li")
        #expect(email.sender.kind == .email)
        #expect(throws: ConsoleForms.Invalid.self) { try ConsoleForms.contact(["channel": "sms", "description": "x"], staff: "li") }
        #expect(throws: ConsoleForms.Invalid.self) { try ConsoleForms.contact(["channel": "phone", "contact": "555-0188", "description": "x"], staff: "li") }
        #expect(ConsoleForms.e164("1 520 555 0188") == "+15205550188")
        #expect(ConsoleForms.e164("+52 55 1234 5678") == "+525512345678")
        #expect(throws: ConsoleForms.Invalid.self) { try ConsoleForms.contact(["channel": "phone", "description": "  "], staff: "li") }
    }

    @Test("values are HTML-escaped and forms decoded")
    func htmlAndForms() {
        #expect(ConsolePage.escape("<script>alert('x')</script> & \"") == "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;")
        let form = ConsolePage.form("name=Rosa+Delgado&contact=%2B15205550188&empty=&csrf=ab%26c")
        #expect(form == ["name": "Rosa Delgado", "contact": "+15205550188", "empty": "", "csrf": "ab&c"])
        #expect(ConsoleForms.jsString("ab12</script>") == "\"ab12\\u003c\\u002fscript\\u003e\"")
    }

    @Test("the live feed carries summaries, never the resident's words or number")
    func liveSummaries() throws {
        let contact = ContactEnvelope(id: "sms:SM1", channel: "sms", adapter: "sms", sender: Sender(kind: .phone, address: "+15205550100"),
                                      language: "en", text: "water main broke")
        let (event, fields) = try #require(ConsoleLive.summary(topic: "311/v1/contact/sms", payload: IntakeJSON.encode(contact), prefix: "311/v1"))
        #expect(event == "contact")
        #expect(fields.map { "\($0.0)" } == ["id", "channel", "at"])
        #expect(!fields.contains { $0.1?.contains("5550100") == true || $0.1?.contains("water") == true })
        let escalation = Escalation(id: "e1", contactID: nil, channel: "sms", reason: "gas", callback: "+15205550100", location: nil,
                                    text: "smell of gas", at: Date())
        let (kind, e) = try #require(ConsoleLive.summary(topic: "311/v1/escalation", payload: IntakeJSON.encode(escalation), prefix: "311/v1"))
        #expect(kind == "escalation")
        #expect(!e.contains { $0.1?.contains("5550100") == true || $0.1?.contains("smell") == true })
        #expect(ConsoleLive.summary(topic: "311/v1/escalation/e1/ack", payload: [], prefix: "311/v1")?.0 == "ack")
        #expect(ConsoleLive.summary(topic: "311/v1/reply/sms", payload: [], prefix: "311/v1") == nil)
        let ack = try JSONReader.parse(ConsoleLive.acknowledgement(id: "e1", by: "ana.ruiz"))
        guard case .object(let o) = ack else { Issue.record("not an object"); return }
        #expect(o["schema"] == .string("intake.escalation-ack/1") && o["via"] == .string("console") && o["by"] == .string("ana.ruiz"))
    }

    /// Points of the Tucson fixture on N Stone Ave.
    static let stone300 = GeoPoint(lat: 32.2249, lon: -110.97175)
    static func candidate(_ ref: String, _ lat: Double, _ lon: Double) -> NearbyCases.Candidate {
        NearbyCases.Candidate(ref: ref, category: "graffiti", locationText: ref, status: "open", point: GeoPoint(lat: lat, lon: lon))
    }

    @Test("nearby cases: within the radius only, nearest first, ties by reference, at most the limit")
    func nearbyOrdering() throws {
        let far = Self.candidate("TUC-2026-000003", 32.2271, -110.97175)     // 500 N Stone, about 245 m
        let second = Self.candidate("TUC-2026-000002", 32.22435, -110.97175) // 250 N Stone, about 61 m
        let first = Self.candidate("TUC-2026-000001", 32.225175, -110.97145) // 325 N Stone, about 41 m
        let twin = Self.candidate("TUC-2026-000000", 32.225175, -110.97145)  // same place as `first`
        let found = NearbyCases.nearest([far, second, first], to: Self.stone300, within: 150)
        #expect(found.map(\.candidate.ref) == ["TUC-2026-000001", "TUC-2026-000002"])
        #expect(abs(found[0].distanceM - 41) < 2)
        #expect(abs(found[1].distanceM - 61) < 2)
        #expect(NearbyCases.nearest([far, second, first], to: Self.stone300, within: 300).map(\.candidate.ref).last == "TUC-2026-000003")
        #expect(NearbyCases.nearest([first, twin, second], to: Self.stone300, within: 150).map(\.candidate.ref)
                == ["TUC-2026-000000", "TUC-2026-000001", "TUC-2026-000002"])
        #expect(NearbyCases.nearest([far, second, first], to: Self.stone300, within: 150, limit: 1).map(\.candidate.ref) == ["TUC-2026-000001"])
        #expect(NearbyCases.nearest([far], to: Self.stone300, within: 150).isEmpty)
    }

    @Test("the database's box holds every point within the radius, in every direction")
    func nearbyBox() {
        let radius = 150.0
        let b = NearbyCases.box(around: Self.stone300, radiusM: radius)
        for bearing in stride(from: 0.0, to: 360, by: 15) {
            // A point `radius` metres away on this bearing (flat approximation, then measured exactly).
            let rad = bearing * .pi / 180
            let dLat = radius * cos(rad) / 111_195
            let dLon = radius * sin(rad) / (111_195 * cos(Self.stone300.lat * .pi / 180))
            let p = GeoPoint(lat: Self.stone300.lat + dLat * 0.999, lon: Self.stone300.lon + dLon * 0.999)
            #expect(Self.stone300.distance(to: p) <= radius)
            #expect((b.minLat...b.maxLat).contains(p.lat) && (b.minLon...b.maxLon).contains(p.lon), "bearing \(bearing)")
        }
        // The box is not much larger than the circle: 300 m across, give or take.
        #expect(Self.stone300.distance(to: GeoPoint(lat: b.maxLat, lon: Self.stone300.lon)) < radius * 1.05)
        #expect(NearbyCases.parameters(around: Self.stone300, radiusM: radius).count == 4)
    }

    @Test("the check's answer lists the nearby cases in order with their distance, escaped")
    func checkResultHTML() {
        let found = [NearbyCases.Found(candidate: Self.candidate("TUC-2026-000001", 0, 0), distanceM: 40.6),
                     NearbyCases.Found(candidate: NearbyCases.Candidate(ref: "TUC-2026-000002", category: "streetlight",
                                                                         locationText: "250 N Stone <Ave>", status: "in_progress",
                                                                         point: GeoPoint(lat: 0, lon: 0)), distanceM: 61.2)]
        let html = ConsoleForms.checkResult(category: "pothole", label: "Pothole", nearby: .found(place: "300 N STONE AVE", radiusM: 150, cases: found))
        #expect(html.contains("within 150 m of <span id=\"placed\">300 N STONE AVE</span>"))
        let one = html.range(of: "TUC-2026-000001")?.lowerBound, two = html.range(of: "TUC-2026-000002")?.lowerBound
        #expect(one != nil && two != nil && one! < two!)
        #expect(html.contains(">41 m<") && html.contains(">61 m<"))
        #expect(html.contains("250 N Stone &lt;Ave&gt;"))
        #expect(ConsoleForms.checkResult(category: "pothole", label: nil, nearby: .found(place: "x", radiusM: 150, cases: []))
                .contains("id=\"nearby-none\""))
        #expect(ConsoleForms.checkResult(category: "pothole", label: nil, nearby: .notPlaced(address: "Nowhere Lane"))
                .contains("Nowhere Lane"))
    }

    @Test("a case's replies: its notices with their delivery, those in the outbox, and other logged replies to its contacts")
    func caseReplies() {
        let events: [(at: String, detail: String)] = [
            ("2026-11-30 10:00:00+00", #"{"from":"open","to":"in_progress"}"#),
            ("2026-11-30 11:00:00+00", #"{"to":"in_progress","notices":[{"id":"notice:7:sms:SM1","channel":"sms","contact_id":"sms:SM1","language":"es","text":"Su caso está en proceso"},{"id":"notice:7:email:m1","channel":"email","contact_id":"email:m1","language":"en","text":"in progress"}]}"#),
            ("2026-11-30 12:00:00+00", ""),
        ]
        let pending = [#"{"schema":"intake.reply/1","id":"notice:7:email:m1","channel":"email","text":"in progress","contact_id":"email:m1"}"#,
                       #"{"schema":"intake.reply/1","id":"notice:9:sms:SM1","channel":"sms","text":"cerrado","contact_id":"sms:SM1"}"#]
        let at = Date(timeIntervalSince1970: 1_796_000_000)
        let sent = [("notice:7:sms:SM1", at), ("ref:sms:SM1", at), ("ref:sms:SM999", at), ("advice:email:m1", at)]
        let contacts = [(id: "sms:SM1", channel: "sms"), (id: "email:m1", channel: "email")]

        let replies = CaseReplies.list(events: events, pending: pending, sent: sent, contacts: contacts)
        #expect(replies.map(\.id) == ["notice:7:sms:SM1", "notice:7:email:m1", "notice:9:sms:SM1", "ref:sms:SM1", "advice:email:m1"])
        #expect(replies[0].delivery == "sent \(CaseReplies.format(at))" && replies[0].channel == "sms" && replies[0].text == "Su caso está en proceso")
        #expect(replies[0].at == "2026-11-30 11:00:00+00")
        #expect(replies[1].delivery == "waiting in the outbox for the broker")
        #expect(replies[2].delivery == "waiting in the outbox for the broker" && replies[2].text == "cerrado")
        #expect(replies[3].contactID == "sms:SM1" && replies[3].channel == "sms" && replies[3].delivery.hasPrefix("sent "))
        #expect(replies[4].channel == "email")

        // Without the sent log: the notices, delivery as far as the writer knows.
        let blind = CaseReplies.list(events: events, pending: [], sent: nil, contacts: contacts)
        #expect(blind.map(\.id) == ["notice:7:sms:SM1", "notice:7:email:m1"])
        #expect(blind.allSatisfy { $0.delivery == "handed to the broker" })
    }
}
