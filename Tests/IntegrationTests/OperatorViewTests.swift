import Foundation
import IntakeCore
import Testing
@testable import intake

/// What `intake tail` and `intake status` make of bus messages, without a terminal.
@Suite("Operator views")
struct OperatorViewTests {
    static let prefix = "311/v1"

    static func contact(channel: String, text: String = "Pothole by my house, call me", from: String = "+15205550123") -> ContactEnvelope {
        ContactEnvelope(id: "\(channel):\(UUID().uuidString)", channel: channel, adapter: "test-\(channel)",
                        sender: Sender(kind: .phone, address: from), language: "en", text: text)
    }

    static func message(_ topic: String, _ value: some JSONWritable, retained: Bool = false) -> TailMessage {
        TailMessage(topic: topic, retained: retained, traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                    payload: IntakeJSON.encode(value), prefix: prefix)
    }

    @Test("tail reads channel from the topic and category and priority from the payload; filters keep only what was asked")
    func filters() {
        let sms = Self.message("311/v1/contact/sms", Self.contact(channel: "sms"))
        let enriched = Self.message("311/v1/enriched/email", EnrichedContact(
            contact: Self.contact(channel: "email"), triage: TriageResult(category: "streets.pothole", priority: .high),
            dedup: DedupVerdict(verdict: .new)))
        let event = Self.message("311/v1/case/TUC-2026-000042/event", CaseEvent(
            kind: .created, caseRef: "TUC-2026-000042", contactID: "chat:1", channel: "chat", status: "open",
            category: "graffiti", priority: "normal", at: Date()))
        #expect(sms.kind == "contact" && sms.channel == "sms" && sms.category == nil)
        #expect(enriched.channel == "email" && enriched.category == "streets.pothole" && enriched.priority == "high")
        #expect(event.kind == "case" && event.caseRef == "TUC-2026-000042" && event.channel == "chat" && event.category == "graffiti")

        let bySMSOrChat = TailFilter(channels: Set(TailFilter.values(["sms", "chat, web"])))
        #expect(bySMSOrChat.channels == ["sms", "chat", "web"])
        #expect([sms, enriched, event].filter(bySMSOrChat.accepts).map(\.kind) == ["contact", "case"])
        let byCategory = TailFilter(categories: ["streets.pothole"])
        #expect([sms, enriched, event].filter(byCategory.accepts).map(\.kind) == ["enriched"])
        #expect(TailFilter.topicFilters([], topics: TopicTree()) == ["311/v1/#"])
        #expect(TailFilter.topicFilters(["case,escalation", "311/v1/reply/+"], topics: TopicTree())
                == ["311/v1/case/#", "311/v1/escalation/#", "311/v1/reply/+"])
    }

    @Test("a tail line hides the resident's words and most of their number unless --text; colour only when wanted")
    func lines() throws {
        let m = Self.message("311/v1/contact/sms", Self.contact(channel: "sms"))
        let plain = TailFormatter(colour: false, showText: false).line(m)
        #expect(plain.contains("contact") && plain.contains("sms"))
        #expect(plain.contains("from +•••••••••23"))
        #expect(!plain.contains("Pothole") && !plain.contains("5550123") && !plain.contains("\u{1B}["))
        let withText = TailFormatter(colour: true, showText: true).line(m)
        #expect(withText.contains("Pothole by my house") && withText.contains("\u{1B}[36mcontact"))

        #expect(TailFormatter.wantsColour("auto", isTerminal: true, environment: [:]))
        #expect(!TailFormatter.wantsColour("auto", isTerminal: true, environment: ["NO_COLOR": "1"]))
        #expect(!TailFormatter.wantsColour("auto", isTerminal: false, environment: [:]))
        #expect(TailFormatter.wantsColour("always", isTerminal: false, environment: ["NO_COLOR": "1"]))
        #expect(!TailFormatter.wantsColour("never", isTerminal: true, environment: [:]))
    }

    @Test("tail --json writes one object: topic, retained, traceparent, and the payload as JSON")
    func json() throws {
        let c = Self.contact(channel: "sms")
        let line = TailFormatter(colour: true, showText: false).json(Self.message("311/v1/contact/sms", c, retained: true))
        #expect(!line.contains("\n"))
        let o = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(o["topic"] as? String == "311/v1/contact/sms")
        #expect(o["retained"] as? Bool == true)
        #expect(o["traceparent"] as? String == "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        let payload = try #require(o["payload"] as? [String: Any])
        #expect(payload["id"] as? String == c.id)
        let notJSON = TailMessage(topic: "311/v1/reply/sms", retained: false, traceparent: nil, payload: Array("hello".utf8), prefix: Self.prefix)
        let o2 = try #require(try JSONSerialization.jsonObject(with: Data(TailFormatter(colour: false, showText: false).json(notJSON).utf8)) as? [String: Any])
        #expect(o2["payload"] as? String == "hello" && o2["traceparent"] is NSNull)
    }

    @Test("status: online and fresh is up; offline is down; online but silent for three intervals is down (stale)")
    func statusBoard() throws {
        let now = Date()
        var board = StatusBoard()
        func report(_ component: String, _ instance: String, _ state: StatusReport.State, seen: Date?, figures: StatusReport.Figures = .init()) {
            board.record(StatusReport(component: component, instance: instance, state: state, version: "1", since: now.addingTimeInterval(-600),
                                      lastSeen: seen, intervalSeconds: 2, figures: figures),
                         topic: "311/v1/status/\(component)/\(instance)", at: now)
        }
        report("adapters", "a1", .online, seen: now.addingTimeInterval(-1),
               figures: .init(contactsPerSecond: 1.5, spoolDepth: 3, receiptsOutstanding: 2))
        report("enrich", "e1", .online, seen: now.addingTimeInterval(-7), figures: .init(unacknowledgedEscalations: 4))
        report("writer", "w1", .offline, seen: nil)
        let rows = board.rows(now: now)
        #expect(rows.map(\.state) == ["up", "down (stale)", "down"])
        #expect(rows.map(\.up) == [true, false, false])
        let table = board.render(now: now, colour: false)
        let adapters = try #require(table.split(separator: "\n").first { $0.hasPrefix("adapters") })
        #expect(adapters.split(separator: " ").suffix(4) == ["1.50", "3", "2", "-"])
        #expect(table.contains("1 up, 2 down; 4 escalation(s) unacknowledged"))
        #expect(board.render(now: now, colour: true).contains("\u{1B}[32mup"))
    }
}
