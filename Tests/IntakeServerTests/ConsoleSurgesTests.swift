import Foundation
import IntakeCore
@testable import IntakeServer
import Testing

@Suite("Staff console: surges")
struct ConsoleSurgesTests {
    @Test("a surge alert on the bus becomes the live view's surge event, a summary without residents' words")
    func liveEvent() throws {
        let alert = SurgeAlert(id: "surge:water_leak:neighborhood:City of Tucson/West University:1796083200", category: "water_leak",
                               areaKey: "neighborhood:City of Tucson/West University", area: "West University", count: 10,
                               threshold: 10, windowSeconds: 3600, contactIDs: ["sms:SM1", "sms:SM2"], at: Date())
        let (event, fields) = try #require(ConsoleLive.summary(topic: "311/v1/alert/surge", payload: IntakeJSON.encode(alert), prefix: "311/v1"))
        #expect(event == "surge")
        let values = Dictionary(uniqueKeysWithValues: fields.map { ("\($0.0)", $0.1) })
        #expect(values["category"] == "water_leak")
        #expect(values["area"] == "West University")
        #expect(values["count"] == "10")
        #expect(values["window_minutes"] == "60")
        #expect(ConsoleLive.filters(TopicTree()).contains("311/v1/alert/surge"))
        #expect(ConsoleLive.summary(topic: "311/v1/alert/surge", payload: Array("not json".utf8), prefix: "311/v1") == nil)
    }

    @Test("the live page carries the surge banner and its listener; every page links to Surges")
    func pages() {
        let session = StaffConsole.Session(user: "ana.ruiz", csrf: "token")
        let live = ConsoleForms.livePage(session)
        #expect(live.contains("id=\"surge-banner\""))
        #expect(live.contains("addEventListener(\"surge\""))
        #expect(live.contains("href=\"/console/surges\""))
    }
}
