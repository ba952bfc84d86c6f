import AsyncHTTPClient
import Foundation
import Hummingbird
import IntakeCore
import NIOCore
import TwilioSupport

/// A stand-in for the providers' outbound APIs (Twilio's Messages, Telegram's sendMessage,
/// WhatsApp's Graph messages), which this machine cannot reach: it answers as they do and records
/// every message, by resident, so that the bench can count the case references each one got.
final class ProviderRecorder: Sendable {
    let url: String
    private let sent = Locked<[String: [String]]>([:])
    private let task: Task<Void, any Error>

    private init(url: String, task: Task<Void, any Error>) {
        self.url = url
        self.task = task
    }

    static func start() async throws -> ProviderRecorder {
        let port = try freePort()
        let box = Locked<ProviderRecorder?>(nil)
        let router = Router()
        router.post("**") { request, _ -> Response in
            var request = request
            let body = Array(try await request.collectBody(upTo: 1 << 20).readableBytesView)
            let (to, text, answer) = Self.read(body)
            if let to { box.withLock { $0 }?.record(to: to, text: text) }
            return Response(status: .created, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: answer)))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
        let task = Task { try await app.runService() }
        let recorder = ProviderRecorder(url: "http://127.0.0.1:\(port)", task: task)
        box.withLock { $0 = recorder }
        for _ in 0..<100 {
            if (try? await HTTPClient.shared.execute(HTTPClientRequest(url: recorder.url + "/"), timeout: .seconds(1))) != nil { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        return recorder
    }

    /// Who a message went to, what it said, and the provider's answer.
    static func read(_ body: [UInt8]) -> (to: String?, text: String, answer: String) {
        if case .object(let o)? = try? JSONReader.parse(body) {
            if let chat = o["chat_id"] {
                let to: String? = switch chat {
                case .number(let n): String(Int64(n))
                case .string(let s): s
                default: nil
                }
                return (to, o["text"]?.stringValue ?? "", #"{"ok":true,"result":{"message_id":1,"date":0,"chat":{"id":0,"type":"private"}}}"#)
            }
            var text = ""
            if case .object(let t)? = o["text"] { text = t["body"]?.stringValue ?? "" }
            return (o["to"]?.stringValue, text, #"{"messaging_product":"whatsapp","messages":[{"id":"wamid.recorded"}]}"#)
        }
        let form = try? FormBody(parsing: body)
        return (form?["To"], form?["Body"] ?? "", #"{"sid":"SM\#(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased())","status":"queued"}"#)
    }

    func record(to: String, text: String) {
        sent.withLock { $0[to, default: []].append(text) }
    }

    /// Every message sent, by resident.
    var messages: [String: [String]] { sent.withLock { $0 } }

    func stop() {
        task.cancel()
    }
}
