public import AsyncHTTPClient
import Foundation
import NIOCore

/// The Graph API calls the channel makes: `POST {phone_number_id}/messages` for replies, and
/// `GET {media_id}` then the media URL for images. `INTAKE_WHATSAPP_API_URL` points it elsewhere
/// (a local recorder in tests).
public struct WhatsAppCloudAPI: Sendable {
    let baseURL: String
    let token: String
    let http: HTTPClient

    public init(baseURL: String, token: String, http: HTTPClient = .shared) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.token = token
        self.http = http
    }

    /// Sends a text message from the business number `phoneNumberID` to `to` (a number, `+` or not).
    public func sendText(phoneNumberID: String, to: String, text: String) async throws {
        let body: [String: Any] = [
            "messaging_product": "whatsapp", "recipient_type": "individual",
            "to": to.hasPrefix("+") ? String(to.dropFirst()) : to,
            "type": "text", "text": ["preview_url": false, "body": text],
        ]
        var request = HTTPClientRequest(url: "\(baseURL)/\(phoneNumberID)/messages")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])))
        let response = try await http.execute(request, timeout: .seconds(15))
        let answer = try await response.body.collect(upTo: 1 << 16)
        guard (200..<300).contains(response.status.code) else {
            throw WhatsAppError.rejected(call: "messages", status: Int(response.status.code), body: String(buffer: answer))
        }
    }

    /// The media's download URL and size, from its id.
    public func media(id: String) async throws -> (url: String, mimeType: String?, size: Int?) {
        guard !id.isEmpty, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
            throw WhatsAppError.rejected(call: "media", status: 0, body: "not a media id")
        }
        var request = HTTPClientRequest(url: "\(baseURL)/\(id)")
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        let response = try await http.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 16)
        guard (200..<300).contains(response.status.code),
              let o = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
              let url = o["url"] as? String, url.hasPrefix("https://") || url.hasPrefix("http://") else {
            throw WhatsAppError.rejected(call: "media", status: Int(response.status.code), body: String(buffer: body))
        }
        // Meta documents file_size as a string; accept a number too.
        let size = (o["file_size"] as? NSNumber)?.intValue ?? (o["file_size"] as? String).flatMap(Int.init)
        return (url, o["mime_type"] as? String, size)
    }

    /// Downloads a media URL (it needs the same token), at most `maxBytes`.
    public func download(url: String, maxBytes: Int) async throws -> (bytes: [UInt8], contentType: String?) {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        let response = try await http.execute(request, timeout: .seconds(15))
        guard (200..<300).contains(response.status.code) else {
            throw WhatsAppError.rejected(call: "media download", status: Int(response.status.code), body: "")
        }
        if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > maxBytes {
            throw WhatsAppError.tooLarge(bytes: length, limit: maxBytes)
        }
        do {
            let body = try await response.body.collect(upTo: maxBytes)
            return (Array(body.readableBytesView), response.headers.first(name: "Content-Type"))
        } catch is NIOTooManyBytesError {
            throw WhatsAppError.tooLarge(bytes: nil, limit: maxBytes)
        }
    }
}

public enum WhatsAppError: Error, CustomStringConvertible {
    case rejected(call: String, status: Int, body: String)
    case tooLarge(bytes: Int?, limit: Int)

    public var description: String {
        switch self {
        case let .rejected(call, status, body): "WhatsApp \(call) answered \(status)\(body.isEmpty ? "" : ": \(body.prefix(200))")"
        case let .tooLarge(bytes, limit): "media of \(bytes.map { "\($0) bytes" } ?? "unknown size") is over the \(limit)-byte limit"
        }
    }
}
