import AsyncHTTPClient
import Foundation
import IntakeTestSupport
import NIOCore

/// Posting updates to a running intake as Telegram does, and reading what the bot sent back from
/// the recording stand-in for the Bot API.
enum TelegramTestBot {
    static func settings(api: RecordingServer, _ extra: [String: String] = [:]) -> [String: String] {
        var values = ["INTAKE_TELEGRAM_SECRET": TelegramUpdates.secret, "INTAKE_TELEGRAM_BOT_TOKEN": TelegramUpdates.botToken,
                      "INTAKE_TELEGRAM_API_URL": api.baseURL, "INTAKE_ACK_WAIT_MS": "0"]
        values.merge(extra) { _, o in o }
        return values
    }

    static func post(_ baseURL: String, _ update: String, secret: String? = TelegramUpdates.secret) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: baseURL + "/telegram/webhook")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        if let secret { request.headers.add(name: "X-Telegram-Bot-Api-Secret-Token", value: secret) }
        request.body = .bytes(ByteBuffer(string: update))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 20)))
    }

    /// The texts sent with `sendMessage`, with the chat each went to.
    static func sent(_ api: RecordingServer) -> [(chat: Int64, text: String)] {
        api.requests.filter { $0.path == "/bot\(TelegramUpdates.botToken)/sendMessage" }.compactMap { r in
            guard let o = try? JSONSerialization.jsonObject(with: Data(r.body.utf8)) as? [String: Any],
                  let chat = (o["chat_id"] as? Int).map(Int64.init) ?? (o["chat_id"] as? NSNumber)?.int64Value, let text = o["text"] as? String else { return nil }
            return (chat, text)
        }
    }

    static func waitForSent(_ api: RecordingServer, count: Int = 1) async throws -> [(chat: Int64, text: String)] {
        _ = try await api.waitFor { _ in sent(api).count >= count }
        return sent(api)
    }
}
