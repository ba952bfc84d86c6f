import Foundation
import XMLCoder

/// The XML forms of GeoReport v2's answers, with the spec's element names. Absent values are
/// empty elements, as in the spec's examples.
enum Open311XML {
    struct Service: Encodable {
        var service_code: String
        var service_name: String
        var description: String
        var metadata: Bool
        var type: String
        var keywords: String
        var group: String
    }

    struct Services: Encodable {
        var service: [Service]
    }

    struct Value: Encodable {
        var key: String
        var name: String
    }

    struct Values: Encodable {
        var value: [Value]
    }

    struct Attribute: Encodable {
        var variable: Bool
        var code: String
        var datatype: String
        var required: Bool
        var datatype_description: String
        var order: Int
        var description: String
        var values: Values
    }

    struct Attributes: Encodable {
        var attribute: [Attribute]
    }

    struct ServiceDefinition: Encodable {
        var service_code: String
        var attributes: Attributes
    }

    /// One `<request>` of `POST requests` or of `tokens/{id}`.
    struct Created: Encodable {
        var service_request_id: String?
        var token: String?
        var service_notice: String
        var account_id: String

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            // The answer has either the id or the token (or, for tokens/{id}, both).
            if let service_request_id { try c.encode(service_request_id, forKey: .service_request_id) }
            if let token { try c.encode(token, forKey: .token) }
            try c.encode(service_notice, forKey: .service_notice)
            try c.encode(account_id, forKey: .account_id)
        }

        enum CodingKeys: String, CodingKey { case service_request_id, token, service_notice, account_id }
    }

    struct Token: Encodable {
        var service_request_id: String
        var token: String
    }

    struct Request: Encodable {
        var service_request_id: String
        var status: String
        var status_notes: String
        var service_name: String
        var service_code: String
        var description: String
        var agency_responsible: String
        var service_notice: String
        var requested_datetime: String
        var updated_datetime: String
        var expected_datetime: String
        var address: String
        var address_id: String
        var zipcode: String
        var lat: String
        var long: String
        var media_url: String
    }

    struct Requests<R: Encodable>: Encodable {
        var request: [R]
    }

    struct Error: Encodable {
        var code: Int
        var description: String
    }

    struct Errors: Encodable {
        var error: [Error]
    }

    /// The document, with the XML declaration the spec asks for.
    static func document(_ value: some Encodable, root: String) throws -> String {
        let encoder = XMLEncoder()
        encoder.outputFormatting = [.prettyPrinted]
        let data = try encoder.encode(value, withRootKey: root, header: XMLHeader(version: 1.0, encoding: "UTF-8"))
        return String(decoding: data, as: UTF8.self)
    }
}
