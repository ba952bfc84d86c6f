import Foundation

/// The parts of a WhatsApp Business Cloud API webhook the channel reads
/// (https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components). One POST may
/// carry several entries, changes and messages; delivery statuses come in the same shape with
/// `statuses` instead of `messages`.
public struct WhatsAppWebhook: Decodable, Sendable {
    public var object: String
    public var entry: [Entry]

    public struct Entry: Decodable, Sendable {
        public var id: String?
        public var changes: [Change]
    }

    public struct Change: Decodable, Sendable {
        public var field: String?
        public var value: Value
    }

    public struct Value: Decodable, Sendable {
        public var messaging_product: String?
        public var metadata: Metadata?
        public var contacts: [Contact]?
        public var messages: [Message]?
        public var statuses: [Status]?
    }

    public struct Metadata: Decodable, Sendable {
        public var display_phone_number: String?
        public var phone_number_id: String
    }

    public struct Contact: Decodable, Sendable {
        public struct Profile: Decodable, Sendable { public var name: String? }
        public var profile: Profile?
        public var wa_id: String
    }

    public struct Message: Decodable, Sendable {
        public var from: String
        public var id: String
        public var timestamp: String?
        public var type: String
        public var text: Text?
        public var location: Location?
        public var image: Media?
    }

    public struct Text: Decodable, Sendable {
        public var body: String
    }

    public struct Location: Decodable, Sendable {
        public var latitude: Double
        public var longitude: Double
        public var name: String?
        public var address: String?
    }

    public struct Media: Decodable, Sendable {
        public var id: String
        public var mime_type: String?
        public var sha256: String?
        public var caption: String?
    }

    public struct Status: Decodable, Sendable {
        public var id: String
        public var status: String
        public var recipient_id: String?
    }

    /// Each message with the business number it was sent to and the sender's profile name.
    public var messages: [(message: Message, phoneNumberID: String?, name: String?)] {
        entry.flatMap(\.changes).flatMap { change in
            (change.value.messages ?? []).map { m in
                (m, change.value.metadata?.phone_number_id, change.value.contacts?.first { $0.wa_id == m.from }?.profile?.name)
            }
        }
    }

    public var statusCount: Int { entry.flatMap(\.changes).reduce(0) { $0 + ($1.value.statuses?.count ?? 0) } }

    public static func decode(_ bytes: some Collection<UInt8>) throws -> WhatsAppWebhook {
        try JSONDecoder().decode(WhatsAppWebhook.self, from: Data(bytes))
    }
}
