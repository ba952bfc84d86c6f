import AsyncHTTPClient
import Foundation
public import Hummingbird
public import IntakeChannel
public import IntakeCore
public import Logging
import OpenAPIHummingbird
import OpenAPIRuntime

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
                on: router, configuration: Configuration(dateTranscoder: dates),
                middlewares: [Open311ErrorShape()])
        } catch {
            logger.error("Open311 routes not added: \(error)")
        }
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
