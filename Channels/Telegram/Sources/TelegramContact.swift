public import Foundation
public import IntakeCore

/// Turns a Telegram message into a contact.
public enum TelegramContact {
    public static let channel = "telegram"
    public static let adapter = "telegram-bot"

    /// The message's envelope. Its id is the chat's and the message's (unique together in
    /// Telegram), so a redelivered update is the same contact; an edit is a later revision of it
    /// (its `edit_date`, which only grows), replacing the words in the same case.
    public static func envelope(
        from message: TelegramUpdate.Message, edited: Bool, caseReferencePrefix: String,
        attachments: [Attachment] = [], receivedAt: Date = Date()
    ) -> ContactEnvelope {
        let text = message.text ?? message.caption ?? ""
        let chat = String(message.chat.id)
        let language = message.from?.language_code.map(LanguageGuess.supported) ?? LanguageGuess.language(of: text)
        var data: [String: JSONValue] = ["chat_type": message.chat.type.map(JSONValue.string) ?? .null,
                                         "message_date": .number(Double(message.date))]
        if edited { data["edited"] = .bool(true) }
        var contact = ContactEnvelope(
            id: "\(channel):\(chat):\(message.message_id)", channel: channel, adapter: adapter,
            externalID: "\(chat):\(message.message_id)", receivedAt: receivedAt,
            sender: Sender(kind: .handle, address: chat, name: message.from?.first_name),
            conversation: "\(channel):\(chat)",
            caseRef: CaseReference.first(in: text, prefix: caseReferencePrefix)?.description,
            language: language, text: text,
            location: message.location.map {
                Location(lat: $0.latitude, lon: $0.longitude, source: .device, accuracyM: $0.horizontal_accuracy)
            },
            attachments: attachments, channelData: data)
        if edited, let at = message.edit_date, at > 1, at < Int64(Int.max) { contact.revision = Int(at) }
        return contact
    }

    /// A bot command at the start of the text (`/status TUC-2026-000123` → ("status", ["TUC-2026-000123"])).
    /// `/status@CityBot` is the same command addressed to this bot in a group.
    public static func command(in text: String) -> (name: String, arguments: [String])? {
        guard text.hasPrefix("/") else { return nil }
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let first = words.first else { return nil }
        let name = first.dropFirst().split(separator: "@").first.map { $0.lowercased() } ?? ""
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else { return nil }
        return (name, Array(words.dropFirst()))
    }
}
