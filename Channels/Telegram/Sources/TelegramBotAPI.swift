public import AsyncHTTPClient
import Foundation
import NIOCore

/// The Bot API calls the channel makes: `sendMessage`, and `getFile` then the file download for
/// photos. `INTAKE_TELEGRAM_API_URL` points it elsewhere (a local recorder in tests).
public struct TelegramBotAPI: Sendable {
    let baseURL: String
    let token: String
    let http: HTTPClient

    public init(baseURL: String, token: String, http: HTTPClient = .shared) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.token = token
        self.http = http
    }

    /// Sends a text message to a chat.
    public func sendMessage(chatID: String, text: String) async throws {
        var body: [String: Any] = ["text": text]
        body["chat_id"] = Int64(chatID).map { $0 as Any } ?? chatID
        var request = HTTPClientRequest(url: "\(baseURL)/bot\(token)/sendMessage")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])))
        let response = try await http.execute(request, timeout: .seconds(15))
        let answer = try await response.body.collect(upTo: 1 << 16)
        guard (200..<300).contains(response.status.code) else {
            throw TelegramError.rejected(method: "sendMessage", status: Int(response.status.code), body: String(buffer: answer))
        }
    }

    /// The file's path on the Bot API's file server (`getFile`), and its size when Telegram knows it.
    public func filePath(fileID: String) async throws -> (path: String, size: Int?) {
        var components = URLComponents()
        components.queryItems = [URLQueryItem(name: "file_id", value: fileID)]
        let request = HTTPClientRequest(url: "\(baseURL)/bot\(token)/getFile\(components.percentEncodedQuery.map { "?\($0)" } ?? "")")
        let response = try await http.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 16)
        struct Answer: Decodable {
            struct File: Decodable { var file_path: String?; var file_size: Int? }
            var ok: Bool
            var result: File?
            var description: String?
        }
        guard (200..<300).contains(response.status.code),
              let answer = try? JSONDecoder().decode(Answer.self, from: Data(body.readableBytesView)), answer.ok,
              let path = answer.result?.file_path, !path.isEmpty, !path.contains("..") else {
            throw TelegramError.rejected(method: "getFile", status: Int(response.status.code), body: String(buffer: body))
        }
        return (path, answer.result?.file_size)
    }

    /// Downloads a file `getFile` named, at most `maxBytes`.
    public func download(path: String, maxBytes: Int) async throws -> (bytes: [UInt8], contentType: String?) {
        let response = try await http.execute(HTTPClientRequest(url: "\(baseURL)/file/bot\(token)/\(path)"), timeout: .seconds(15))
        guard (200..<300).contains(response.status.code) else {
            throw TelegramError.rejected(method: "file download", status: Int(response.status.code), body: "")
        }
        if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > maxBytes {
            throw TelegramError.tooLarge(bytes: length, limit: maxBytes)
        }
        do {
            let body = try await response.body.collect(upTo: maxBytes)
            return (Array(body.readableBytesView), response.headers.first(name: "Content-Type"))
        } catch is NIOTooManyBytesError {
            throw TelegramError.tooLarge(bytes: nil, limit: maxBytes)
        }
    }
}

public enum TelegramError: Error, CustomStringConvertible {
    case rejected(method: String, status: Int, body: String)
    case tooLarge(bytes: Int?, limit: Int)

    public var description: String {
        switch self {
        case let .rejected(method, status, body): "Telegram \(method) answered \(status)\(body.isEmpty ? "" : ": \(body.prefix(200))")"
        case let .tooLarge(bytes, limit): "file of \(bytes.map { "\($0) bytes" } ?? "unknown size") is over the \(limit)-byte limit"
        }
    }
}
