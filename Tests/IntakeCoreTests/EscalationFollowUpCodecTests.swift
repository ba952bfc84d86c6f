import Foundation
import IntakeCore
import Testing

/// The acknowledgement and the re-alert of an escalation travel as JSON on the bus; each comes
/// back equal and carries exactly the keys the wire format names.
@Suite("Escalation ack and alert codecs")
struct EscalationFollowUpCodecTests {
    static let at = RFC3339.wire(Date(timeIntervalSince1970: 1_795_241_793.120))
    static let escalation = Escalation(id: "escalation:sms:SM1", contactID: "sms:SM1", channel: "sms", reason: "emergency words: gas leak",
                                       callback: "+15205550177", location: nil, text: "gas leak", at: at)

    @Test("an acknowledgement comes back equal, for every way it can arrive")
    func acks() throws {
        for via in EscalationAck.Via.allCases {
            let ack = EscalationAck(id: "escalation:sms:SM1", by: "dispatcher 7", at: Self.at, via: via)
            let bytes = IntakeJSON.encode(ack)
            #expect(try IntakeJSON.decode(EscalationAck.self, from: bytes) == ack)
            guard case .object(let o) = try JSONReader.parse(bytes) else { Issue.record("not an object"); return }
            #expect(Set(o.keys) == ["schema", "id", "by", "at", "via"])
            #expect(o["schema"] == .string("intake.escalation-ack/1"))
            #expect(o["via"] == .string(via.rawValue))
        }
    }

    @Test("an alert comes back equal with the escalation inside it")
    func alerts() throws {
        let alert = EscalationAlert(id: Self.escalation.id, alerts: 3, receivedAt: Self.at, at: Self.at.addingTimeInterval(120),
                                    escalation: Self.escalation)
        let bytes = IntakeJSON.encode(alert)
        #expect(try IntakeJSON.decode(EscalationAlert.self, from: bytes) == alert)
        guard case .object(let o) = try JSONReader.parse(bytes) else { Issue.record("not an object"); return }
        #expect(Set(o.keys) == ["schema", "id", "alerts", "received_at", "at", "escalation"])
        #expect(o["alerts"] == .number(3))
    }

    @Test("an ack without a known via, or an escalation read as an ack, is refused")
    func refusals() throws {
        let bad = Array(#"{"schema":"intake.escalation-ack/1","id":"e","by":"x","at":"2026-11-30T19:00:00Z","via":"fax"}"#.utf8)
        #expect(throws: EnvelopeError.self) { try IntakeJSON.decode(EscalationAck.self, from: bad) }
        #expect(throws: EnvelopeError.self) { try IntakeJSON.decode(EscalationAck.self, from: IntakeJSON.encode(Self.escalation)) }
        #expect(throws: EnvelopeError.self) { try IntakeJSON.decode(EscalationAlert.self, from: IntakeJSON.encode(Self.escalation)) }
    }

    @Test("the ack and alert topics sit under the escalation topic")
    func topics() {
        let t = TopicTree()
        #expect(t.escalationAck(id: "escalation:sms:SM1") == "311/v1/escalation/escalation:sms:SM1/ack")
        #expect(t.allEscalationAcks == "311/v1/escalation/+/ack")
        #expect(t.escalationAlert(id: "e1") == "311/v1/escalation/e1/alert")
    }
}
