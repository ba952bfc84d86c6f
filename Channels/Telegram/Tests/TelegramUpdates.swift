import Foundation

/// Updates as the Bot API posts them to a webhook (https://core.telegram.org/bots/api#update),
/// field for field, with the fields the channel does not read left in.
enum TelegramUpdates {
    static let secret = "test-webhook-secret_0123456789"
    static let botToken = "123456789:AAH-test-token_for-the-bot"
    static let chatID: Int64 = 701_234_567

    static func newMessageID() -> Int64 { Int64.random(in: 1...2_000_000_000) }

    static func user(_ chat: Int64, language: String) -> String {
        #"{"id":\#(chat),"is_bot":false,"first_name":"Rosa","last_name":"Méndez","username":"rosa_m","language_code":"\#(language)"}"#
    }

    static func chat(_ chat: Int64) -> String {
        #"{"id":\#(chat),"first_name":"Rosa","last_name":"Méndez","username":"rosa_m","type":"private"}"#
    }

    /// A JSON string literal.
    static func quoted(_ s: String) -> String {
        String(data: try! JSONSerialization.data(withJSONObject: [s]), encoding: .utf8)!.dropFirst().dropLast().description
    }

    static func update(kind: String = "message", _ fields: String, messageID: Int64, chat: Int64 = chatID,
                       language: String = "en", editDate: Int64? = nil) -> String {
        let edit = editDate.map { #","edit_date":\#($0)"# } ?? ""
        return #"{"update_id":\#(messageID + 100_000),"\#(kind)":{"message_id":\#(messageID),"from":\#(user(chat, language: language)),"chat":\#(Self.chat(chat)),"date":1764500000\#(edit),\#(fields)}}"#
    }

    static func text(_ text: String, messageID: Int64 = newMessageID(), chat: Int64 = chatID, language: String = "en") -> String {
        let entities = text.hasPrefix("/")
            ? #","entities":[{"offset":0,"length":\#(text.split(separator: " ")[0].utf16.count),"type":"bot_command"}]"# : ""
        return update(#""text":\#(quoted(text))\#(entities)"#, messageID: messageID, chat: chat, language: language)
    }

    static func edited(_ text: String, messageID: Int64, editDate: Int64, chat: Int64 = chatID) -> String {
        update(kind: "edited_message", #""text":\#(quoted(text))"#, messageID: messageID, chat: chat, editDate: editDate)
    }

    static func location(lat: Double, lon: Double, messageID: Int64 = newMessageID()) -> String {
        update(#""location":{"latitude":\#(lat),"longitude":\#(lon),"horizontal_accuracy":12.5}"#, messageID: messageID)
    }

    /// A photo as Telegram sends it: the same picture in several sizes, smallest first.
    static func photo(caption: String, sizes: [(id: String, bytes: Int, width: Int)], messageID: Int64 = newMessageID()) -> String {
        let list = sizes.map {
            #"{"file_id":"\#($0.id)","file_unique_id":"u-\#($0.id)","file_size":\#($0.bytes),"width":\#($0.width),"height":\#($0.width * 3 / 4)}"#
        }.joined(separator: ",")
        return update(#""photo":[\#(list)],"caption":\#(quoted(caption))"#, messageID: messageID)
    }

    /// `getFile`'s answer for a file.
    static func getFileAnswer(fileID: String, path: String, bytes: Int) -> [UInt8] {
        Array(#"{"ok":true,"result":{"file_id":"\#(fileID)","file_unique_id":"u-\#(fileID)","file_size":\#(bytes),"file_path":"\#(path)"}}"#.utf8)
    }
}
