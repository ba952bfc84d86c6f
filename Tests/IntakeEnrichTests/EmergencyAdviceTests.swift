import IntakeCore
import IntakeEnrich
import Testing

@Suite("The immediate call-911 reply")
struct EmergencyAdviceTests {
    static let advice = EmergencyAdvice(texts: [
        "sms": ["en": "If anyone is in danger, call 911 now.", "es": "Si alguien está en peligro, llame al 911 ahora."],
        "chat": ["en": "Chat: call 911 now."],
    ])

    static func contact(channel: String = "sms", language: String = "en", address: String? = "+15205550100") -> ContactEnvelope {
        var c = ContactEnvelope(id: "\(channel):X1", channel: channel, adapter: "test", sender: Sender(kind: .phone, address: address),
                                language: language, text: "smoke in the hallway")
        c.channelData["To"] = .string("+15205550311")
        return c
    }

    @Test(arguments: [
        ("sms", "en", "If anyone is in danger, call 911 now."),
        ("sms", "es-MX", "Si alguien está en peligro, llame al 911 ahora."),
        ("chat", "es", "Chat: call 911 now."),        // no Spanish chat text: English of that channel
        ("email", "es", "Si alguien está en peligro, llame al 911 ahora."),  // no email texts: the SMS ones
    ])
    func inTheirChannelAndLanguage(_ channel: String, _ language: String, _ text: String) throws {
        let reply = try #require(Self.advice.reply(for: Self.contact(channel: channel, language: language)))
        #expect(reply.text == text)
        #expect(reply.channel == channel)
        #expect(reply.id == "advice:\(channel):X1")
        #expect(reply.to.address == "+15205550100")
        #expect(reply.from == "+15205550311")
        #expect(reply.contactID == "\(channel):X1")
    }

    @Test func notTwiceAndNotToNobody() {
        var advised = Self.contact()
        advised.channelData[ContactEnvelope.emergencyAdvisedKey] = .bool(true)
        #expect(Self.advice.reply(for: advised) == nil)
        #expect(Self.advice.reply(for: Self.contact(address: nil)) == nil)
        #expect(EmergencyAdvice(texts: [:]).reply(for: Self.contact()) == nil)
    }
}
