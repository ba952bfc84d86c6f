public import IntakeBus
public import IntakeCore
import IntakeSpool
public import Logging

/// What a `ChannelFactory` is given to build its adapter: the process's settings, the adapters'
/// bus connection, the templates, the blob store, and the one way to get a delivery promise.
public struct ChannelContext: Sendable {
    public let settings: IntakeSettings
    public let bus: MQTTClient
    public let templates: TemplateLibrary
    public let blobs: BlobStore
    public let logger: Logger
    /// The triage rules' emergency matcher, for channels that answer before enrichment (nil:
    /// none loaded).
    public let emergencyScreen: (any EmergencyScreen)?

    public init(settings: IntakeSettings, bus: MQTTClient, templates: TemplateLibrary, blobs: BlobStore, logger: Logger,
                emergencyScreen: (any EmergencyScreen)? = nil) {
        self.emergencyScreen = emergencyScreen
        self.settings = settings
        self.bus = bus
        self.templates = templates
        self.blobs = blobs
        self.logger = logger
    }

    /// The adapter's `ContactIntake`, with its spool at `$INTAKE_DATA_DIR/spool/<adapter>`.
    public func intake(adapter: String, channel: String) throws -> ContactIntake {
        let limits = settings.limits
        let spool = try ContactSpool(configuration: .init(directory: "\(settings.dataDirectory)/spool/\(adapter)",
                                                          maxContacts: limits.spoolMaxContacts, maxBytes: limits.spoolMaxBytes),
                                     logger: logger)
        return ContactIntake(adapter: adapter, channel: channel, spool: spool, bus: bus, settings: settings, logger: logger)
    }
}
