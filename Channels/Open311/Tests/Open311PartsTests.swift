import Foundation
import IntakeCore
import IntakeTestSupport
@testable import Open311Channel
import Testing

/// The parts that need nothing running: the keys file, the services, the contact, the dates.
@Suite("Open311 parts")
struct Open311PartsTests {
    @Test("the api keys file: key, client, optional notify URL; comments, blanks and one-field lines skipped")
    func keysFile() throws {
        let clients = Open311APIKeys.parse("""
            # key client notify
            abc123 city-app https://apps.example.org/notices

            def456\tkiosk
            lonely
            ghi789 other not-a-url
            """)
        #expect(clients == [
            .init(key: "abc123", name: "city-app", notifyURL: "https://apps.example.org/notices"),
            .init(key: "def456", name: "kiosk", notifyURL: nil),
            .init(key: "ghi789", name: "other", notifyURL: nil),
        ])
        let dir = try Paths.temporaryDirectory("open311-keys-file")
        try "abc123 city-app\n".write(toFile: "\(dir)/keys", atomically: true, encoding: .utf8)
        let keys = Open311APIKeys(path: "\(dir)/keys")
        #expect(keys.client(forKey: "abc123")?.name == "city-app")
        #expect(keys.client(forKey: "abc12") == nil && keys.client(forKey: "abc1234") == nil && keys.client(forKey: "") == nil)
        // A key added to the file counts without a restart.
        try "abc123 city-app\nzzz999 new-app\n".write(toFile: "\(dir)/keys", atomically: true, encoding: .utf8)
        #expect(keys.client(forKey: "zzz999")?.name == "new-app")
        #expect(Open311APIKeys(path: "\(dir)/missing").clients.isEmpty)
    }

    @Test("one service per triage category, named by its label, grouped by its department")
    func services() throws {
        let services = try Open311Services(path: Paths.triageRules)
        let pothole = try #require(services.service("pothole"))
        #expect(pothole.name == "Pothole" && pothole.group == "Department of Transportation and Mobility")
        #expect(pothole.keywords.split(separator: ",").contains("pothole") && pothole.keywords.split(separator: ",").contains("bache"))
        #expect(services.service("other") != nil)
        #expect(Set(services.services.map(\.code)).count == services.services.count)
    }

    @Test("a request becomes a contact of the client whose category is the service, with the resident's details kept")
    func contact() {
        var r = Open311Contact.Request(serviceCode: "graffiti", lat: 32.2, long: -110.9, addressString: "Main St & 5th",
                                       email: "a@example.org", firstName: "Ana", lastName: "Ruiz", phone: "+15205550100",
                                       description: "Tags on the wall, see TUC-2026-000001")
        r.accountID = "acct"
        let c = Open311Contact.envelope(r, client: "city-app", token: "t-1", serviceName: "Graffiti")
        #expect(c.id == "open311:t-1" && c.channel == "open311" && c.externalID == "t-1")
        #expect(c.sender == Sender(kind: .handle, address: "city-app", name: "Ana Ruiz"))
        #expect(c.residentAnswer == .category("graffiti"))
        // A new request always: a reference in the words does not join that case.
        #expect(c.caseRef == nil)
        #expect(c.location == Location(text: "Main St & 5th", lat: 32.2, lon: -110.9, source: .device))
        #expect(c.channelData["email"] == .string("a@example.org") && c.channelData["account_id"] == .string("acct"))
        let wordless = Open311Contact.envelope(.init(serviceCode: "pothole", addressString: "1 Main St"), client: "k", token: "t-2",
                                               serviceName: "Pothole")
        #expect(wordless.text == "Pothole" && wordless.location?.source == .resident && wordless.sender.name == nil)
    }

    @Test("dates: read with or without fractions and in any case, written in the city's zone to the second")
    func dates() throws {
        let d = Open311Dates(timeZone: TimeZone(identifier: "America/Phoenix")!)
        #expect(try d.decode("2026-05-01T15:00:00Z") == Date(timeIntervalSince1970: 1_777_647_600))
        #expect(try d.decode("2026-05-01t08:00:00.250-07:00") == Date(timeIntervalSince1970: 1_777_647_600.25))
        #expect(try d.encode(Date(timeIntervalSince1970: 1_777_647_600)) == "2026-05-01T08:00:00-07:00")
        #expect(throws: Open311Failure.self) { try d.decode("yesterday") }
    }
}
