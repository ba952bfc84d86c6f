public import IntakeCore

/// What the Open311 channel reads. It is on when `INTAKE_OPEN311_ENABLED=on`: a public API that
/// creates cases is a deliberate choice of the deployment.
public struct Open311Settings: Sendable {
    /// `INTAKE_OPEN311_API_KEYS`: the clients allowed to POST requests, one per line:
    /// `<api_key> <client-name> [notify-url]`.
    public var apiKeysFile: String
    /// `INTAKE_OPEN311_JURISDICTION`: the jurisdiction_id this endpoint serves; nil accepts any.
    public var jurisdictionID: String?
    /// The city's triage rules: their categories are the services.
    public var triageRules: String
    /// PostgreSQL as the reader role, for GET requests and tokens.
    public var readerDatabaseURL: String
    /// How long a POST waits for its case before answering with a token.
    public var acknowledgementWait: Duration
    /// How long a notice POST to a client's notify URL may take.
    public var notifyTimeout: Duration

    public static let enablingKey = "INTAKE_OPEN311_ENABLED"
    public static let enablingFix = "set INTAKE_OPEN311_ENABLED=on, and give clients keys in INTAKE_OPEN311_API_KEYS"

    public static let specs: [SettingSpec] = [
        .init("INTAKE_OPEN311_ENABLED", "on serves Open311 GeoReport v2 under /open311/v2/ (the open311 channel)", default: "off"),
        .init("INTAKE_OPEN311_API_KEYS", "the Open311 clients: `<api_key> <client-name> [notify-url]` per line",
              default: "INTAKE_DATA_DIR/secrets/open311-api-keys"),
        .init("INTAKE_OPEN311_JURISDICTION", "the jurisdiction_id Open311 serves (another is 404)", default: "none: any jurisdiction_id is accepted"),
        .init("INTAKE_OPEN311_ACK_WAIT_MS", "how long POST requests waits for the case before answering with a token", default: "INTAKE_ACK_WAIT_MS"),
        .init("INTAKE_OPEN311_NOTIFY_TIMEOUT_MS", "how long a notice POST to a client's notify URL may take", default: "10000"),
    ]

    public init(apiKeysFile: String, jurisdictionID: String? = nil, triageRules: String, readerDatabaseURL: String,
                acknowledgementWait: Duration = .seconds(3), notifyTimeout: Duration = .seconds(10)) {
        self.apiKeysFile = apiKeysFile
        self.jurisdictionID = jurisdictionID
        self.triageRules = triageRules
        self.readerDatabaseURL = readerDatabaseURL
        self.acknowledgementWait = acknowledgementWait
        self.notifyTimeout = notifyTimeout
    }

    /// Nil unless `INTAKE_OPEN311_ENABLED=on`.
    public static func read(_ r: inout SettingsReader, settings: IntakeSettings) -> Open311Settings? {
        guard r.flag("INTAKE_OPEN311_ENABLED", default: false) else { return nil }
        let keys = r.string("INTAKE_OPEN311_API_KEYS") ?? "\(settings.dataDirectory)/secrets/open311-api-keys"
        let jurisdiction = r.string("INTAKE_OPEN311_JURISDICTION").flatMap { $0.isEmpty ? nil : $0 }
        let defaultWait = Int(settings.acknowledgementWait.components.seconds * 1000
            + settings.acknowledgementWait.components.attoseconds / 1_000_000_000_000_000)
        let wait = r.integer("INTAKE_OPEN311_ACK_WAIT_MS", default: defaultWait, in: 0...600_000)
        let notify = r.integer("INTAKE_OPEN311_NOTIFY_TIMEOUT_MS", default: 10_000, in: 100...600_000)
        return Open311Settings(apiKeysFile: keys, jurisdictionID: jurisdiction, triageRules: settings.triageRules,
                               readerDatabaseURL: settings.readerDatabaseURL, acknowledgementWait: .milliseconds(wait),
                               notifyTimeout: .milliseconds(notify))
    }
}
