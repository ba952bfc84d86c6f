public import IntakeCore

/// The immediate reply a resident gets when their words match an emergency pattern of either
/// tier: "If anyone is in danger, call 911 now", on their channel and in their language.
///
/// The texts come from the templates (`Templates/<channel>/emergency-advice.<language>.mustache`),
/// rendered once at start-up; a channel without its own uses the `sms` ones.
public struct EmergencyAdvice: Sendable {
    /// Channel → language → text.
    public let texts: [String: [String: String]]

    public init(texts: [String: [String: String]]) {
        self.texts = texts
    }

    /// The reply for a contact, or nil when its channel already advised the resident, no text
    /// exists for it, or there is nobody to send it to.
    public func reply(for contact: ContactEnvelope) -> ReplyMessage? {
        if contact.channelData[ContactEnvelope.emergencyAdvisedKey] == .bool(true) { return nil }
        guard contact.sender.address != nil else { return nil }
        let language = LanguageGuess.supported(contact.language)
        guard let byLanguage = texts[contact.channel] ?? texts["sms"],
              let text = byLanguage[language] ?? byLanguage["en"] else { return nil }
        return ReplyMessage(id: "advice:\(contact.id)", channel: contact.channel, to: contact.sender,
                            from: contact.channelData["To"]?.stringValue, language: language, text: text,
                            caseRef: nil, contactID: contact.id)
    }
}
