public import AsyncHTTPClient
import Foundation
public import IntakeCore
import NIOCore
import NIOHTTP1

/// Twilio's REST API, for what the adapters send out: messages, and the media residents sent in.
/// `INTAKE_TWILIO_API_URL` points it elsewhere (a local recorder in tests).
public struct TwilioRESTClient: Sendable {
    let baseURL: String
    let accountSID: String?
    let authToken: String?
    let http: HTTPClient

    public init(twilio: TwilioSettings, http: HTTPClient = .shared) {
        baseURL = twilio.apiURL
        accountSID = twilio.accountSID
        authToken = twilio.authToken
        self.http = http
    }

    /// Sends an SMS; returns Twilio's message SID.
    public func sendMessage(from: String?, to: String, body: String) async throws -> String {
        guard let accountSID, let authToken else {
            throw TwilioError.notConfigured("INTAKE_TWILIO_ACCOUNT_SID and INTAKE_TWILIO_AUTH_TOKEN are needed to send messages")
        }
        var form = [("To", to), ("Body", body)]
        if let from { form.append(("From", from)) }
        var request = HTTPClientRequest(url: "\(baseURL)/2010-04-01/Accounts/\(accountSID)/Messages.json")
        request.method = .POST
        request.headers.add(name: "Authorization", value: Self.basic(accountSID, authToken))
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(ByteBuffer(string: FormBody.encode(form)))
        let response = try await http.execute(request, timeout: .seconds(15))
        let body = try await response.body.collect(upTo: 1 << 20)
        guard (200..<300).contains(response.status.code) else {
            throw TwilioError.rejected(status: Int(response.status.code), body: String(buffer: body))
        }
        struct Created: Decodable { var sid: String }
        return (try? JSONDecoder().decode(Created.self, from: Data(body.readableBytesView)))?.sid ?? ""
    }

    /// Fetches a media URL from a webhook, at most `maxBytes`. Credentials go only to Twilio's own API host.
    public func fetchMedia(url: String, maxBytes: Int) async throws -> (bytes: [UInt8], contentType: String?) {
        var request = HTTPClientRequest(url: url)
        if let accountSID, let authToken, url.hasPrefix(baseURL + "/") || url.hasPrefix("https://api.twilio.com/") {
            request.headers.add(name: "Authorization", value: Self.basic(accountSID, authToken))
        }
        let response = try await http.execute(request, timeout: .seconds(10))
        guard (200..<300).contains(response.status.code) else {
            throw TwilioError.rejected(status: Int(response.status.code), body: "")
        }
        if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > maxBytes {
            throw TwilioError.tooLarge(bytes: length, limit: maxBytes)
        }
        do {
            let body = try await response.body.collect(upTo: maxBytes)
            return (Array(body.readableBytesView), response.headers.first(name: "Content-Type"))
        } catch is NIOTooManyBytesError {
            throw TwilioError.tooLarge(bytes: nil, limit: maxBytes)
        }
    }

    static func basic(_ user: String, _ password: String) -> String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }
}

public enum TwilioError: Error, CustomStringConvertible {
    case notConfigured(String)
    case rejected(status: Int, body: String)
    case tooLarge(bytes: Int?, limit: Int)

    public var description: String {
        switch self {
        case .notConfigured(let s): s
        case let .rejected(status, body): "Twilio answered \(status)\(body.isEmpty ? "" : ": \(body.prefix(200))")"
        case let .tooLarge(bytes, limit): "media of \(bytes.map { "\($0) bytes" } ?? "unknown size") is over the \(limit)-byte limit"
        }
    }
}
