public import AsyncHTTPClient
import Foundation
public import Hummingbird
public import IntakeChannel
public import IntakeCore
public import Logging
import OpenAPIHummingbird
import OpenAPIRuntime
import HTTPTypes
import NIOCore

/// Open311 GeoReport v2 under `/open311/v2/`: the city's services, requests filed by other 311
/// systems and apps (a channel of their own, `open311`), and requests and tokens read back.
/// The routes are generated from `openapi.yaml` beside this file.
public struct Open311Channel: ChannelAdapter {
    public let channel = Open311Contact.channel
    public static let templateNames = ["reference-follows"]
    public let intake: ContactIntake
    let templates: TemplateLibrary
    let requests: Open311Requests
    let notices: Open311Notices
    let timeZone: TimeZone
    let logger: Logger

    public init(intake: ContactIntake, configuration: Open311Settings, templates: TemplateLibrary, settings: IntakeSettings,
                logger: Logger, emergencyScreen: (any EmergencyScreen)? = nil, http: HTTPClient = .shared) throws {
        try templates.require(channel: Open311Contact.channel, names: Self.templateNames)
        self.templates = templates
        self.intake = intake
        let keys = Open311APIKeys(path: configuration.apiKeysFile)
        if keys.clients.isEmpty {
            logger.warning("Open311: no clients in \(configuration.apiKeysFile); every POST requests will be refused")
        }
        requests = Open311Requests(
            intake: intake, keys: keys, services: try Open311Services(path: configuration.triageRules),
            store: Open311Store(databaseURL: configuration.readerDatabaseURL, logger: logger), settings: configuration,
            emergencyScreen: emergencyScreen, logger: logger)
        notices = Open311Notices(keys: keys, timeout: configuration.notifyTimeout, http: http)
        timeZone = settings.timeZone
        self.logger = logger
    }

    public func addRoutes(to router: Router<BasicRequestContext>) {
        do {
            let dates = Open311Dates(timeZone: timeZone)
            try Open311Routes(requests: requests, dates: dates).registerHandlers(
                on: router, configuration: OpenAPIRuntime.Configuration(dateTranscoder: dates, jsonEncodingOptions: [.sortedKeys]),
                middlewares: [Open311ErrorShape()])
        } catch {
            logger.error("Open311 routes not added: \(error)")
        }
        // A method the API does not have on a path it has is 405 with Allow, not the router's 404.
        for (path, allowed) in Self.methodsByPath {
            for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete, .options, .trace, HTTPRequest.Method("QUERY")!] where !allowed.contains(method) {
                router.on(RouterPath(path), method: method) { request, _ in
                    let xml = request.uri.path.hasSuffix(".xml")
                    let failure = Open311Failure(
                        code: 405, message: "\(request.method) is not allowed here; use \(allowed.map(\.rawValue).joined(separator: " or "))")
                    var headers = HTTPFields()
                    headers[.contentType] = Open311ErrorShape.contentType(xml: xml)
                    headers[.allow] = allowed.map(\.rawValue).joined(separator: ", ")
                    let text = Open311ErrorShape.text(failure, xml: xml)
                    return Response(status: .methodNotAllowed, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text ?? "")))
                }
            }
        }
    }

    /// The API's paths and their methods, as in `openapi.yaml`.
    static let methodsByPath: [(String, [HTTPRequest.Method])] = ["json", "xml"].flatMap { f in
        [("/open311/v2/services.\(f)", [.get]), ("/open311/v2/services/{service_code}.\(f)", [.get]),
         ("/open311/v2/requests.\(f)", [.get, .post]), ("/open311/v2/requests/{service_request_id}.\(f)", [.get]),
         ("/open311/v2/tokens/{token_id}.\(f)", [.get])]
    }

    public func deliver(_ reply: ReplyMessage) async throws {
        try await notices.deliver(reply)
    }

    /// The reference that followed late goes to the client as a notice like any other.
    public func referenceFollows(for contact: ContactEnvelope, receipt: ReceiptBatch.Receipt) throws -> ReplyMessage? {
        guard contact.sender.address != nil else { return nil }
        return try ReplyMessage.referenceFollows(for: contact, receipt: receipt, templates: templates, templateFolder: channel,
                                                 replyChannel: channel, to: contact.sender, from: nil)
    }
}
