import AsyncHTTPClient
import Foundation
import IntakeTestSupport
import NIOCore

/// Posting webhooks to a running intake as Meta does, and reading what was sent back from the
/// recording stand-in for the Graph API.
enum WhatsAppTestClient {
    static func settings(api: RecordingServer, _ extra: [String: String] = [:]) -> [String: String] {
        var values = ["INTAKE_WHATSAPP_APP_SECRET": WhatsAppPayloads.appSecret, "INTAKE_WHATSAPP_VERIFY_TOKEN": WhatsAppPayloads.verifyToken,
                      "INTAKE_WHATSAPP_TOKEN": WhatsAppPayloads.accessToken, "INTAKE_WHATSAPP_API_URL": api.baseURL + "/v21.0",
                      "INTAKE_ACK_WAIT_MS": "0"]
        values.merge(extra) { _, o in o }
        return values
    }

    static func post(_ baseURL: String, _ body: String, signature: String? = nil) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: baseURL + "/whatsapp/webhook")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "X-Hub-Signature-256", value: signature ?? WhatsAppPayloads.sign(body))
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 20)))
    }

    /// The messages sent through `{phone_number_id}/messages`: the recipient and the text.
    static func sent(_ api: RecordingServer) -> [(to: String, text: String, authorized: Bool)] {
        api.requests.filter { $0.method == "POST" && $0.path == "/v21.0/\(WhatsAppPayloads.phoneNumberID)/messages" }.compactMap { r in
            guard let o = try? JSONSerialization.jsonObject(with: Data(r.body.utf8)) as? [String: Any],
                  o["messaging_product"] as? String == "whatsapp", o["type"] as? String == "text",
                  let to = o["to"] as? String, let text = (o["text"] as? [String: Any])?["body"] as? String else { return nil }
            return (to, text, r.headers["authorization"] == "Bearer \(WhatsAppPayloads.accessToken)")
        }
    }

    static func waitForSent(_ api: RecordingServer, count: Int = 1) async throws -> [(to: String, text: String, authorized: Bool)] {
        _ = try await api.waitFor { _ in sent(api).count >= count }
        return sent(api)
    }
}
