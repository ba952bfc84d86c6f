import AsyncHTTPClient
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import IntakeServer
import IntakeTestSupport
import NIOCore

/// Runs intake with the Open311 channel on, with an api keys file of one client, and speaks
/// GeoReport v2 to it over real HTTP.
struct Open311TestClient {
    static let apiKey = "k-\(UUID().uuidString.lowercased())"
    static let clientName = "test-app"

    let baseURL: String

    /// The settings that turn the channel on, with a keys file whose one client notifies `notifyURL`.
    static func settings(notifyURL: String? = nil, _ more: [String: String] = [:]) throws -> [String: String] {
        let dir = try Paths.temporaryDirectory("open311-keys")
        let file = "\(dir)/open311-api-keys"
        let line = "# key client notify-url\n\(apiKey) \(clientName)" + (notifyURL.map { " \($0)" } ?? "") + "\n"
        try line.write(toFile: file, atomically: true, encoding: .utf8)
        var values = ["INTAKE_OPEN311_ENABLED": "on", "INTAKE_OPEN311_API_KEYS": file]
        values.merge(more) { _, o in o }
        return values
    }

    /// A stack with every stage (a POST makes a case) and the channel on.
    static func with(stages: Set<Stage> = Set(Stage.allCases), notifyURL: String? = nil, settings more: [String: String] = [:],
                     _ body: (ChannelHarness, Open311TestClient) async throws -> Void) async throws {
        try await ChannelHarness.with(stages: stages, settings: try settings(notifyURL: notifyURL, more)) { h in
            try await body(h, Open311TestClient(baseURL: h.intake.baseURL + "/open311/v2"))
        }
    }

    struct Answer {
        var status: Int
        var contentType: String
        var body: String
        var retryAfter: String? = nil

        /// The body as JSON.
        var json: Any? { try? JSONSerialization.jsonObject(with: Data(body.utf8)) }
        var list: [[String: Any]] { (json as? [[String: Any]]) ?? [] }
        /// The body as an XML document.
        var xml: XMLDocument? { try? XMLDocument(xmlString: body) }
    }

    func get(_ path: String, _ query: [(String, String)] = []) async throws -> Answer {
        var url = baseURL + path
        if !query.isEmpty { url += "?" + Self.form(query) }
        let r = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(30))
        return Answer(status: Int(r.status.code), contentType: r.headers.first(name: "Content-Type") ?? "",
                      body: String(buffer: try await r.body.collect(upTo: 8 << 20)))
    }

    func post(_ path: String, _ fields: [(String, String)]) async throws -> Answer {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(ByteBuffer(string: Self.form(fields)))
        let r = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        return Answer(status: Int(r.status.code), contentType: r.headers.first(name: "Content-Type") ?? "",
                      body: String(buffer: try await r.body.collect(upTo: 1 << 20)), retryAfter: r.headers.first(name: "Retry-After"))
    }

    static func form(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.map { k, v in
            "\(k.addingPercentEncoding(withAllowedCharacters: allowed)!)=\(v.addingPercentEncoding(withAllowedCharacters: allowed)!)"
        }.joined(separator: "&")
    }

    /// A pothole at Jácome Plaza, from this client.
    static func pothole(_ words: String = "Deep pothole in the right lane of Stone Avenue", key: String = apiKey) -> [(String, String)] {
        [("api_key", key), ("service_code", "pothole"), ("lat", "32.2217"), ("long", "-110.9265"),
         ("address_string", "101 N Stone Ave"), ("description", words), ("email", "ana@example.org"),
         ("first_name", "Ana"), ("last_name", "Ruiz"), ("account_id", "acct-1"), ("device_id", "dev-1")]
    }
}
