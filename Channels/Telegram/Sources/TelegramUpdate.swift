public import Foundation

/// The parts of a Bot API `Update` the channel reads (https://core.telegram.org/bots/api#update).
/// Fields it does not use are ignored; an update of another kind (a callback query, a channel
/// post) decodes with neither message set and is acknowledged without a contact.
public struct TelegramUpdate: Decodable, Sendable {
    public var update_id: Int64
    public var message: Message?
    public var edited_message: Message?

    public struct Message: Decodable, Sendable {
        public var message_id: Int64
        public var from: User?
        public var chat: Chat
        public var date: Int64
        public var edit_date: Int64?
        public var text: String?
        public var caption: String?
        public var location: Location?
        public var photo: [PhotoSize]?
    }

    public struct User: Decodable, Sendable {
        public var id: Int64
        public var is_bot: Bool?
        public var first_name: String?
        public var username: String?
        public var language_code: String?
    }

    public struct Chat: Decodable, Sendable {
        public var id: Int64
        public var type: String?
    }

    public struct Location: Decodable, Sendable {
        public var latitude: Double
        public var longitude: Double
        public var horizontal_accuracy: Double?
    }

    public struct PhotoSize: Decodable, Sendable {
        public var file_id: String
        public var file_unique_id: String?
        public var width: Int?
        public var height: Int?
        public var file_size: Int?
    }

    public static func decode(_ bytes: some Collection<UInt8>) throws -> TelegramUpdate {
        try JSONDecoder().decode(TelegramUpdate.self, from: Data(bytes))
    }
}
