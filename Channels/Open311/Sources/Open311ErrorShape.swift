import Foundation
import HTTPTypes
import OpenAPIRuntime

/// Every failure as GeoReport v2 shapes errors, in the format the path asks for: a parameter the
/// generated server could not read is a 400, an `Open311Failure` its own code, anything else a
/// 500 without details.
struct Open311ErrorShape: ServerMiddleware {
    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        do {
            return try await next(request, body, metadata)
        } catch let error as ServerError {
            let failure: Open311Failure
            if let f = error.underlyingError as? Open311Failure {
                failure = f
            } else if error.operationInput == nil {
                // The request did not decode: a missing or malformed parameter or body.
                failure = .badRequest(Self.reason(error))
            } else {
                failure = Open311Failure(code: 500, message: "internal error")
            }
            let xml = (request.path ?? "").split(separator: "?").first?.hasSuffix(".xml") == true
            return Self.response(failure, xml: xml)
        }
    }

    /// What was wrong with the request, in words a client can act on.
    static func reason(_ error: ServerError) -> String {
        if let f = error.underlyingError as? Open311Failure { return f.message }
        let text = "\(error.underlyingError)"
        return text.isEmpty ? error.causeDescription : "\(error.causeDescription): \(text)"
    }

    static func response(_ f: Open311Failure, xml: Bool) -> (HTTPResponse, HTTPBody?) {
        var fields = HTTPFields()
        fields[.contentType] = contentType(xml: xml)
        if let seconds = f.retryAfter { fields[.retryAfter] = String(seconds) }
        return (HTTPResponse(status: .init(code: f.code), headerFields: fields), HTTPBody(text(f, xml: xml)))
    }

    static func contentType(xml: Bool) -> String {
        xml ? Open311Routes.xmlContentType : "application/json; charset=utf-8"
    }

    /// The error document: `[{"code", "description"}]`, or `<errors><error>…`.
    static func text(_ f: Open311Failure, xml: Bool) -> String {
        let text: String
        if xml {
            text = (try? Open311XML.document(Open311XML.Errors(error: [.init(code: f.code, description: f.message)]), root: "errors"))
                ?? "<?xml version=\"1.0\" encoding=\"UTF-8\"?><errors/>"
        } else {
            let data = try? JSONSerialization.data(withJSONObject: [["code": f.code, "description": f.message]], options: [.sortedKeys])
            text = data.map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        }
        return text
    }
}
