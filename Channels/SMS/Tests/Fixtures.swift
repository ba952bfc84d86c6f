import Foundation
import Testing

/// The Twilio fixtures beside these tests.
enum TwilioFixtures {
    struct Vectors: Decodable {
        struct Vector: Decodable {
            var name: String
            var auth_token: String
            var url_signed: String
            var params: Params?
            var raw_body: String?
            var expected_signature: String
        }
        struct Negative: Decodable {
            var url_signed: String
            var params: Params?
            var raw_body: String?
            var signature: String
            var note: String?
        }
        var vectors: [Vector]
        var negative_examples: [Negative]
    }

    /// Params come as an object, or as a list of pairs when keys repeat.
    struct Params: Decodable {
        var pairs: [(String, String)]
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let dict = try? c.decode([String: String].self) {
                pairs = dict.map { ($0.key, $0.value) }
            } else {
                pairs = try c.decode([[String]].self).map { ($0[0], $0[1]) }
            }
        }
    }

    struct Payload: Decodable {
        var name: String
        var url: String
        var auth_token: String
        var headers: [String: String]
        var form_params: [String: String]
        var raw_body: String
        var expected_signature: String
    }

    static func data(_ name: String) throws -> Data {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: "json"))
        return try Data(contentsOf: url)
    }

    static let vectors: Vectors = try! JSONDecoder().decode(Vectors.self, from: data("twilio_signature_vectors"))
    static let payloads: [Payload] = try! JSONDecoder().decode([Payload].self, from: data("twilio_webhook_payload_fixtures"))
}
