import Foundation
import IntakeCore
import IntakeTestSupport
@testable import ScannedMailChannel
import Testing

@Suite("Mail outbox")
struct OutboxTests {
    @Test("a reply to a letter is a letter in outbox/, addressed to the return address; one without an address is refused")
    func reply() throws {
        let drop = try Paths.temporaryDirectory("drop")
        let outbox = try Outbox(dropDirectory: drop)
        let to = Sender(kind: .postal, address: "1200 E Speedway Blvd, Tucson, AZ 85719", name: "Maria Lopez")
        let reply = ReplyMessage(id: "advice:mail:abc", channel: "mail", to: to, from: nil, language: "en",
                                 text: "If anyone is in danger, call 911 now.", caseRef: "TUC-2026-000123", contactID: "mail:abc")
        let path = try outbox.post(reply)
        #expect(path == "\(drop)/outbox/advice_mail_abc.txt")
        let letter = try String(contentsOfFile: path, encoding: .utf8)
        #expect(letter.hasPrefix("To: Maria Lopez\n1200 E Speedway Blvd\nTucson, AZ 85719\nCase: TUC-2026-000123\n"))
        #expect(letter.contains("call 911 now"))
        var anonymous = reply
        anonymous.to = Sender(kind: .anonymous, address: nil)
        #expect(throws: (any Error).self) { try outbox.post(anonymous) }
    }
}
