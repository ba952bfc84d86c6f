public import Foundation
public import IntakeCore

/// Turns a WhatsApp webhook into a contact.
public enum WhatsAppContact {
    public static let channel = "whatsapp"
    public static let adapter = "whatsapp-webhook"

    /// The fields of the webhook's JSON body. `message_id` is the provider's own id: the contact id
    /// is built from it, so a provider that retries sends the same contact.
    public struct Payload: Decodable, Sendable {
        public var message_id: String
        public var from: String
        public var text: String?
        public var location: String?
    }

    public static func envelope(from payload: Payload, caseReferencePrefix: String, receivedAt: Date = Date()) throws(WhatsAppContactError) -> ContactEnvelope {
        guard !payload.message_id.isEmpty, payload.message_id.count <= 200 else { throw .invalid("message_id") }
        guard !payload.from.isEmpty else { throw .invalid("from") }
        let text = payload.text ?? ""
        return ContactEnvelope(
            id: "\(channel):\(payload.message_id)", channel: channel, adapter: adapter, externalID: payload.message_id,
            receivedAt: receivedAt, sender: Sender(kind: .handle, address: payload.from),
            conversation: "\(channel):\(payload.from)",
            caseRef: CaseReference.first(in: text, prefix: caseReferencePrefix)?.description,
            language: LanguageGuess.language(of: text), text: text,
            location: payload.location.map { Location(text: $0, source: .resident) })
    }
}

public enum WhatsAppContactError: Error, CustomStringConvertible, Equatable {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let field): "the webhook's \(field) is missing or not valid"
        }
    }
}
