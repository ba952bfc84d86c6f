import Foundation
import IntakeCore
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
}
