public import Foundation
public import IntakeCore

/// Turns a WhatsApp message into a contact.
public enum WhatsAppContact {
    public static let channel = "whatsapp"
    public static let adapter = "whatsapp-cloud"
    /// The message types that make a contact; others (stickers, reactions, voice notes) are
    /// acknowledged and not filed.
    public static let filedTypes: Set<String> = ["text", "location", "image"]

    /// The message's envelope. Its id is WhatsApp's message id (`wamid.…`), so a webhook Meta
    /// delivers again is the same contact. The sender's `wa_id` is their number without the `+`.
    public static func envelope(
        from message: WhatsAppWebhook.Message, phoneNumberID: String?, name: String?, caseReferencePrefix: String,
        attachments: [Attachment] = [], receivedAt: Date = Date()
    ) throws(WhatsAppContactError) -> ContactEnvelope {
        guard !message.id.isEmpty, message.id.count <= 256 else { throw .invalid("id") }
        guard !message.from.isEmpty, message.from.count <= 20, message.from.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw .invalid("from")
        }
        let text = message.text?.body ?? message.image?.caption ?? ""
        var data: [String: JSONValue] = ["type": .string(message.type)]
        if let phoneNumberID { data["phone_number_id"] = .string(phoneNumberID) }
        if let t = message.timestamp { data["timestamp"] = .string(t) }
        let location = message.location.map { l in
            let words = [l.name, l.address].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
            return Location(text: words.isEmpty ? nil : words, lat: l.latitude, lon: l.longitude, source: .device)
        }
        return ContactEnvelope(
            id: "\(channel):\(message.id)", channel: channel, adapter: adapter, externalID: message.id,
            receivedAt: receivedAt, sender: Sender(kind: .phone, address: "+" + message.from, name: name),
            conversation: "\(channel):\(message.from)",
            caseRef: CaseReference.first(in: text, prefix: caseReferencePrefix)?.description,
            language: LanguageGuess.language(of: text), text: text, location: location,
            attachments: attachments, channelData: data)
    }
}

public enum WhatsAppContactError: Error, CustomStringConvertible, Equatable {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let field): "a message's \(field) is missing or not valid"
        }
    }
}
