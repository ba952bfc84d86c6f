public import Foundation

/// The settings every `intake` process shares, read from the environment and, beneath it, a config
/// file of `KEY=value` lines with the same keys. The environment wins. A channel's own settings are
/// not here: each channel reads them from `values` (see `ChannelFactory`).
///
/// The config file is `--config FILE`, else `$INTAKE_CONFIG`, else `$INTAKE_DATA_DIR/stack.env`
/// when the dev stack (`Docker/stack.sh up`) has written one.
public struct IntakeSettings: Sendable {
    /// Every raw `INTAKE_*` value, for the parts of the program that read their own keys (each
    /// channel reads its settings from here; see `ChannelFactory`).
    public var values: SettingsValues
    /// `INTAKE_MQTT_URL`: `mqtt://user:pass@host:port` or `mqtts://…`.
    public var mqtt: MQTTEndpoint
    /// `INTAKE_DATABASE_URL`: the role the case writer works as.
    public var databaseURL: String
    /// `INTAKE_MIGRATION_DATABASE_URL`: the schema owner, for `intake migrate`; defaults to `INTAKE_DATABASE_URL`.
    public var migrationDatabaseURL: String
    /// `INTAKE_HTTP_ADDRESS`: where webhooks, chat, Open311 and `/metrics` listen. Default `127.0.0.1:8311`.
    public var httpHost: String
    public var httpPort: Int
    /// `INTAKE_PUBLIC_URL`: the base URL providers call; signature checks are computed over it.
    public var publicURL: String
    /// `INTAKE_TOPIC_PREFIX`, default `311/v1`.
    public var topics: TopicTree
    /// `INTAKE_DATA_DIR`: spool, blobs, drop folders. Default `./.intake`.
    public var dataDirectory: String
    /// `INTAKE_TEMPLATES_DIR`: resident-facing messages per language. Default `./Templates`.
    public var templatesDirectory: String
    /// `INTAKE_CASE_PREFIX`: the letters before a case number. Default `TUC`.
    public var caseReferencePrefix: String
    /// `INTAKE_INSTANCE`: this process's name on the bus. Default `<host>-<pid>`.
    public var instance: String
    /// `INTAKE_ACK_WAIT_MS`: how long a webhook waits for the case to commit before answering
    /// "received" and sending the reference later. Default 3000.
    public var acknowledgementWait: Duration
    /// `INTAKE_REDELIVERY_SECONDS`: how long an adapter waits for a receipt before publishing a
    /// spooled contact again. Default 10.
    public var redeliveryInterval: Duration
    /// `INTAKE_REPLY_ATTEMPTS`: tries to send a reply to a resident before it is dead-lettered. Default 5.
    public var replyAttempts: Int
    /// `INTAKE_REPLY_RETRY_SECONDS`: the wait after a reply's first failed try, doubled after each
    /// next one. Default 1.
    public var replyRetryDelay: Duration
    /// `INTAKE_REPUBLISH_PER_SECOND`: at most this many spooled contacts are published again per
    /// second by one adapters process (all its channels together), so that a recovery does not
    /// flood the bus. New contacts are not counted. Default 200.
    public var republishPerSecond: Int
    /// `INTAKE_REPUBLISH_WRITER_DOWN_SECONDS`: while every case writer says offline on its status
    /// topic, a waiting contact is published again at most this often. Default 60.
    public var republishWriterDownInterval: Duration
    /// `INTAKE_REPLY_CONCURRENCY`: replies sent at once to one provider (Twilio, Telegram, WhatsApp,
    /// the SMTP server …). Default 4.
    public var replyConcurrency: Int
    /// `INTAKE_REPLY_RATE_PER_SECOND`: replies started per second to one provider. Default 10.
    public var replyRatePerSecond: Int
    /// `INTAKE_WRITER_MAX_ATTEMPTS`: tries to store a contact PostgreSQL refuses (not an outage)
    /// before the writer puts it in the `quarantine` table, sends its receipt and dead-letters it. Default 3.
    public var writerMaxAttempts: Int
    /// `INTAKE_LOG_FINGERPRINT_KEY`: the per-install secret that keys the HMAC fingerprint logs show
    /// instead of a resident's number or address (`Redacted`); made with mode 0600 on first start
    /// when missing. Default `$INTAKE_DATA_DIR/secrets/log-fingerprint-key`.
    public var logFingerprintKeyFile: String
    /// `INTAKE_STATUS_SECONDS`: how often each stage republishes its retained status with its
    /// figures; `intake status` shows a stage silent for three intervals as down. Default 5.
    public var statusInterval: Duration
    /// `INTAKE_CHANNELS`: the channels to run, by name; nil runs every channel whose settings are present.
    public var channels: [String]?
    /// `INTAKE_MAX_ATTACHMENT_BYTES`: larger attachments are not fetched; the contact is kept and
    /// says so. Default 10 MiB.
    public var maxAttachmentBytes: Int
    /// `INTAKE_TIME_ZONE`: the city's time zone; it decides the year in a case reference. Default `America/Phoenix`.
    public var timeZone: TimeZone
    /// `INTAKE_TRIAGE_RULES`: the city's triage rules (categories, emergencies, referrals,
    /// duplicates, routing). Default `./Docker/config/triage-rules.yaml`.
    public var triageRules: String
    /// `INTAKE_SURGE_RULES`: the city's surge thresholds (`Docker/config/surges.yaml`), or nil
    /// (`off`) to watch no surges. Default `./Docker/config/surges.yaml` (built-in defaults when absent).
    public var surgeRules: String?
    /// `INTAKE_TRIAGE_MODEL`: a model file from `intake triage train`, which decides the category
    /// where the rules find none. None by default: the rules alone.
    public var triageModel: String?
    /// `INTAKE_ANSWERS`: the city's answers to residents' questions. Unset: `./Docker/config/answers.yaml`
    /// when it exists, else questions are taken as requests.
    public var answersFile: String?
    /// `INTAKE_GAZETTEER`: address point files (OpenAddresses CSV or location-table form),
    /// separated by `:`. None: ZIP centroids only.
    public var gazetteer: String?
    /// `INTAKE_GEO_DIR`: boundaries (places, neighbourhoods with wards) and ZIP centroids, as in
    /// `shared/data/geo/tucson`. None: no jurisdictions or ZIP centroids.
    public var geoDirectory: String?
    /// `INTAKE_GEOCODER_URL`: a remote geocoder asked when nothing local matches,
    /// `nominatim+https://host` or `pelias+https://host`. None by default.
    public var remoteGeocoder: String?
    /// `INTAKE_HOUSE_NUMBER_HYPHEN`: `range` ("100-120 Main St" spans 100 to 120) or `queens`
    /// ("30-43 74th Street" is house 30-43). Default `range`.
    public var houseNumberHyphen: HouseNumberHyphen
    /// `INTAKE_DATABASE_URL_READER`: a read-only role the enrich stage loads open cases with.
    /// Default `INTAKE_DATABASE_URL`.
    public var readerDatabaseURL: String
    /// `INTAKE_LOG_LEVEL`: trace, debug, info, notice, warning, error. Default `info`.
    public var logLevel: String
    /// `INTAKE_DEPARTMENT_TOKENS`: the departments' bearer tokens for `PATCH /api/v1/cases/{ref}`,
    /// `<department> <sha256-hex-of-token>` per line. Default `$INTAKE_DATA_DIR/secrets/department-tokens`.
    public var departmentTokensFile: String
    /// `INTAKE_STAFF_USERS`: the staff console's logins, `<user> <bcrypt hash>` per line (`intake staff add`).
    /// Default `$INTAKE_DATA_DIR/secrets/staff-users`.
    public var staffUsersFile: String
    /// `INTAKE_CONSOLE_NEARBY_METRES`: how far from the address staff enter the console looks
    /// for open cases before the contact is submitted. Default 150 (a block or two).
    public var consoleNearbyMetres: Int
    /// `INTAKE_DEPARTMENTS_ALL_CASES`: departments that may change any case (comma-separated);
    /// every other department only the cases routed to it. Default `311 Bureau`.
    public var departmentsAllCases: [String]
    /// `INTAKE_OUTBOX_POLL_MS`: how often the outbox relay looks for rows nobody woke it for
    /// (another process's commits, a broker that came back). Default 1000.
    public var outboxPollInterval: Duration
    /// Spool limits, HTTP timeouts and per-sender rates (see `IntakeLimits`).
    public var limits: IntakeLimits

    /// Every setting this type reads, for `intake config show` and the README. Channels list their own.
    public static let specs: [SettingSpec] = coreSpecs + IntakeLimits.specs

    private static let coreSpecs: [SettingSpec] = [
        .init("INTAKE_MQTT_URL", "the broker, mqtt://user:pass@host:port or mqtts://…", default: "mqtt://127.0.0.1:1883"),
        .init("INTAKE_DATABASE_URL", "PostgreSQL as the case writer's role", default: "postgres://127.0.0.1:5432/intake"),
        .init("INTAKE_MIGRATION_DATABASE_URL", "PostgreSQL as the schema owner, for migrations", default: "INTAKE_DATABASE_URL"),
        .init("INTAKE_DATABASE_URL_READER", "PostgreSQL as the read-only role enrich loads open cases with", default: "INTAKE_DATABASE_URL"),
        .init("INTAKE_HTTP_ADDRESS", "where webhooks, chat, Open311 and /metrics listen", default: "127.0.0.1:8311"),
        .init("INTAKE_PUBLIC_URL", "the public base URL providers call (signature checks use it)", default: "http://INTAKE_HTTP_ADDRESS"),
        .init("INTAKE_TOPIC_PREFIX", "the bus topic prefix", default: "311/v1"),
        .init("INTAKE_DATA_DIR", "spools, blobs, drop folders", default: "./.intake"),
        .init("INTAKE_TEMPLATES_DIR", "resident-facing messages per channel and language", default: "./Templates"),
        .init("INTAKE_CASE_PREFIX", "the letters before a case number", default: "TUC"),
        .init("INTAKE_INSTANCE", "this process's name on the bus", default: "<host>-<pid>"),
        .init("INTAKE_CHANNELS", "channels to run, comma-separated", default: "every channel whose settings are present"),
        .init("INTAKE_ACK_WAIT_MS", "how long a channel waits for the case before answering without its reference", default: "3000"),
        .init("INTAKE_REDELIVERY_SECONDS", "how long an adapter waits for a receipt before publishing again", default: "10"),
        .init("INTAKE_REPLY_ATTEMPTS", "tries to send a reply to a resident before it is dead-lettered", default: "5"),
        .init("INTAKE_REPLY_RETRY_SECONDS", "the wait after a reply's first failed try, doubled after each next one", default: "1"),
        .init("INTAKE_REPUBLISH_PER_SECOND", "spooled contacts an adapters process publishes again per second, at most", default: "200"),
        .init("INTAKE_REPUBLISH_WRITER_DOWN_SECONDS", "while every case writer says offline, how often a waiting contact is published again", default: "60"),
        .init("INTAKE_REPLY_CONCURRENCY", "replies sent at once to one provider", default: "4"),
        .init("INTAKE_REPLY_RATE_PER_SECOND", "replies started per second to one provider", default: "10"),
        .init("INTAKE_WRITER_MAX_ATTEMPTS", "tries to store a contact the database refuses before it is quarantined and dead-lettered", default: "3"),
        .init("INTAKE_LOG_FINGERPRINT_KEY", "the per-install secret keying the HMAC fingerprints logs show for residents' numbers and addresses (made on first start)",
              default: "$INTAKE_DATA_DIR/secrets/log-fingerprint-key"),
        .init("INTAKE_STATUS_SECONDS", "how often each stage republishes its status and figures", default: "5"),
        .init("INTAKE_MAX_ATTACHMENT_BYTES", "larger attachments are not fetched (the contact says so)", default: "10485760"),
        .init("INTAKE_TIME_ZONE", "the city's time zone (the year in a case reference)", default: "America/Phoenix"),
        .init("INTAKE_TRIAGE_RULES", "the city's triage rules file", default: "./Docker/config/triage-rules.yaml"),
        .init("INTAKE_SURGE_RULES", "the city's surge thresholds file, or off", default: "./Docker/config/surges.yaml (built-in defaults when absent)"),
        .init("INTAKE_TRIAGE_MODEL", "a model file from intake triage train, asked where the rules find no category", default: "none: rules only"),
        .init("INTAKE_ANSWERS", "the city's answers file: questions are answered from it and never open a case",
              default: "./Docker/config/answers.yaml when present, else no inquiries"),
        .init("INTAKE_GAZETTEER", "address point files for the geocoder, separated by :", default: "none: ZIP centroids only"),
        .init("INTAKE_GEO_DIR", "boundaries, wards and ZIP centroids", default: "none"),
        .init("INTAKE_GEOCODER_URL", "a remote geocoder, nominatim+https://host or pelias+https://host", default: "none"),
        .init("INTAKE_HOUSE_NUMBER_HYPHEN", "a hyphen in a house number: range (100-120 Main St) or queens (30-43 74th St is one house)", default: "range"),
        .init("INTAKE_LOG_LEVEL", "trace, debug, info, notice, warning, error", default: "info"),
        .init("INTAKE_SHARED_EXECUTOR", "on: tasks run on the HTTP server's event loops; off: on Swift's own pool (from the environment only, read at start)",
              default: "on"),
        .init("INTAKE_DEPARTMENT_TOKENS", "departments' API tokens: <department> <sha256-hex-of-token> per line",
              default: "$INTAKE_DATA_DIR/secrets/department-tokens"),
        .init("INTAKE_STAFF_USERS", "staff console logins: <user> <bcrypt hash> per line (intake staff add NAME)",
              default: "$INTAKE_DATA_DIR/secrets/staff-users"),
        .init("INTAKE_CONSOLE_NEARBY_METRES", "how far from an address the staff console looks for open cases before a contact is submitted",
              default: "150"),
        .init("INTAKE_DEPARTMENTS_ALL_CASES", "departments that may change any case, comma-separated (others: cases routed to them)",
              default: "311 Bureau"),
        .init("INTAKE_OUTBOX_POLL_MS", "how often the outbox relay looks for messages it was not woken for", default: "1000"),
        .init("INTAKE_MQTT_CA_FILE", "the CA certificate(s) (PEM) an mqtts:// broker's certificate must chain to", default: "the system's CAs"),
    ]

    public static var keys: [String] { specs.map(\.key) }

    public init(values: [String: String]) throws(SettingsError) {
        try self.init(SettingsValues(values))
    }

    public init(_ values: SettingsValues) throws(SettingsError) {
        var reader = SettingsReader(values)
        self.init(reading: &reader)
        try reader.finish()
    }

    /// Reads every setting, recording each problem in `reader` (and keeping the default in its place).
    public init(reading r: inout SettingsReader) {
        values = r.values
        do {
            mqtt = try MQTTEndpoint(url: r.string("INTAKE_MQTT_URL", default: "mqtt://127.0.0.1:1883"), key: "INTAKE_MQTT_URL")
        } catch {
            r.report("INTAKE_MQTT_URL", value: MQTTEndpoint.redacting(r.string("INTAKE_MQTT_URL") ?? ""),
                     expected: "mqtt://user:pass@host:port or mqtts://…", fix: "give the broker's URL, or unset it for mqtt://127.0.0.1:1883")
            mqtt = try! MQTTEndpoint(url: "mqtt://127.0.0.1:1883")
        }
        mqtt.caFile = r.existingPath("INTAKE_MQTT_CA_FILE")
        databaseURL = r.string("INTAKE_DATABASE_URL", default: "postgres://127.0.0.1:5432/intake")
        migrationDatabaseURL = r.string("INTAKE_MIGRATION_DATABASE_URL") ?? databaseURL
        readerDatabaseURL = r.string("INTAKE_DATABASE_URL_READER") ?? databaseURL
        for key in ["INTAKE_DATABASE_URL", "INTAKE_MIGRATION_DATABASE_URL", "INTAKE_DATABASE_URL_READER"] {
            if let v = r.string(key), !(v.hasPrefix("postgres://") || v.hasPrefix("postgresql://") || v.contains("=")) {
                r.report(key, value: SettingSpec.maskingPassword(in: v), expected: "postgres://user:pass@host:port/db (or a libpq key=value string)",
                         fix: "give the database's URL, or unset it")
            }
        }

        let address = r.string("INTAKE_HTTP_ADDRESS", default: "127.0.0.1:8311")
        if let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]), (0...65535).contains(port) {
            httpHost = String(address[..<colon])
            httpPort = port
        } else {
            r.report("INTAKE_HTTP_ADDRESS", value: address, expected: "host:port", fix: "set INTAKE_HTTP_ADDRESS=127.0.0.1:8311 (the default), or another host:port")
            httpHost = "127.0.0.1"
            httpPort = 8311
        }
        publicURL = r.httpURL("INTAKE_PUBLIC_URL", default: "http://\(httpHost):\(httpPort)")

        topics = TopicTree(prefix: r.string("INTAKE_TOPIC_PREFIX", default: TopicTree.defaultPrefix))
        dataDirectory = r.string("INTAKE_DATA_DIR", default: "./.intake")
        templatesDirectory = r.string("INTAKE_TEMPLATES_DIR", default: "./Templates")
        caseReferencePrefix = r.string("INTAKE_CASE_PREFIX")?.uppercased() ?? "TUC"
        if !(2...8).contains(caseReferencePrefix.count) || !caseReferencePrefix.allSatisfy({ $0.isASCII && $0.isLetter }) {
            r.report("INTAKE_CASE_PREFIX", value: caseReferencePrefix, expected: "2 to 8 letters", fix: "set INTAKE_CASE_PREFIX to letters only, such as TUC")
            caseReferencePrefix = "TUC"
        }
        instance = r.string("INTAKE_INSTANCE") ?? "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
        if instance.contains(where: { $0 == "/" || $0 == "+" || $0 == "#" }) {
            r.report("INTAKE_INSTANCE", value: instance, expected: "a name without /, + or #", fix: "set INTAKE_INSTANCE to a plain name, or unset it for <host>-<pid>")
        }
        channels = r.string("INTAKE_CHANNELS").map {
            $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        }
        acknowledgementWait = .milliseconds(r.integer("INTAKE_ACK_WAIT_MS", default: 3000))
        redeliveryInterval = .seconds(r.integer("INTAKE_REDELIVERY_SECONDS", default: 10, in: 1...86_400))
        replyAttempts = r.integer("INTAKE_REPLY_ATTEMPTS", default: 5, in: 1...100)
        replyRetryDelay = .seconds(r.integer("INTAKE_REPLY_RETRY_SECONDS", default: 1, in: 0...3_600))
        republishPerSecond = r.integer("INTAKE_REPUBLISH_PER_SECOND", default: 200, in: 1...1_000_000)
        republishWriterDownInterval = .seconds(r.integer("INTAKE_REPUBLISH_WRITER_DOWN_SECONDS", default: 60, in: 1...86_400))
        replyConcurrency = r.integer("INTAKE_REPLY_CONCURRENCY", default: 4, in: 1...1_000)
        replyRatePerSecond = r.integer("INTAKE_REPLY_RATE_PER_SECOND", default: 10, in: 1...100_000)
        writerMaxAttempts = r.integer("INTAKE_WRITER_MAX_ATTEMPTS", default: 3, in: 1...100)
        logFingerprintKeyFile = r.string("INTAKE_LOG_FINGERPRINT_KEY", default: "\(dataDirectory)/secrets/log-fingerprint-key")
        statusInterval = .seconds(r.integer("INTAKE_STATUS_SECONDS", default: 5, in: 1...3600))
        maxAttachmentBytes = r.integer("INTAKE_MAX_ATTACHMENT_BYTES", default: 10 << 20)
        let zone = r.string("INTAKE_TIME_ZONE", default: "America/Phoenix")
        if let tz = TimeZone(identifier: zone) {
            timeZone = tz
        } else {
            r.report("INTAKE_TIME_ZONE", value: zone, expected: "an IANA time zone such as America/Phoenix", fix: "set INTAKE_TIME_ZONE=America/Phoenix, or the city's own zone")
            timeZone = TimeZone(identifier: "America/Phoenix")!
        }
        triageRules = r.string("INTAKE_TRIAGE_RULES", default: "./Docker/config/triage-rules.yaml")
        let surges = r.string("INTAKE_SURGE_RULES", default: "./Docker/config/surges.yaml")
        surgeRules = surges == "off" ? nil : surges
        triageModel = r.string("INTAKE_TRIAGE_MODEL")
        answersFile = r.string("INTAKE_ANSWERS")
        gazetteer = r.string("INTAKE_GAZETTEER")
        geoDirectory = r.string("INTAKE_GEO_DIR")
        remoteGeocoder = r.string("INTAKE_GEOCODER_URL")
        if let g = remoteGeocoder, !(g.hasPrefix("nominatim+http") || g.hasPrefix("pelias+http")) {
            r.report("INTAKE_GEOCODER_URL", value: g, expected: "nominatim+http(s)://host or pelias+http(s)://host", fix: "prefix the geocoder's URL with its kind, or unset it")
        }
        let hyphen = r.string("INTAKE_HOUSE_NUMBER_HYPHEN", default: HouseNumberHyphen.range.rawValue)
        if let h = HouseNumberHyphen(rawValue: hyphen.lowercased()) {
            houseNumberHyphen = h
        } else {
            r.report("INTAKE_HOUSE_NUMBER_HYPHEN", value: hyphen, expected: "range or queens",
                     fix: "set INTAKE_HOUSE_NUMBER_HYPHEN=range (the default) or queens")
            houseNumberHyphen = .range
        }
        logLevel = r.string("INTAKE_LOG_LEVEL", default: "info")
        if !["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(logLevel.lowercased()) {
            r.report("INTAKE_LOG_LEVEL", value: logLevel, expected: "trace, debug, info, notice, warning, error or critical", fix: "set INTAKE_LOG_LEVEL=info (the default)")
        }
        departmentTokensFile = r.string("INTAKE_DEPARTMENT_TOKENS", default: "\(dataDirectory)/secrets/department-tokens")
        staffUsersFile = r.string("INTAKE_STAFF_USERS", default: "\(dataDirectory)/secrets/staff-users")
        consoleNearbyMetres = r.integer("INTAKE_CONSOLE_NEARBY_METRES", default: 150, in: 10...5000)
        departmentsAllCases = r.string("INTAKE_DEPARTMENTS_ALL_CASES", default: "311 Bureau")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        outboxPollInterval = .milliseconds(r.integer("INTAKE_OUTBOX_POLL_MS", default: 1000, in: 10...600_000))
        limits = IntakeLimits(reading: &r)
    }

    /// The environment over the config file (see `SettingsValues.load`).
    public static func load(
        configFile: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(SettingsError) -> IntakeSettings {
        try IntakeSettings(SettingsValues.load(configFile: configFile, environment: environment))
    }
}

public enum SettingsError: Error, CustomStringConvertible, Equatable {
    case invalid(key: String, value: String, expected: String)
    case unreadableFile(path: String, reason: String)
    case missing(key: String, why: String)
    /// Every problem `SettingsReader` found.
    case problems([SettingProblem])

    public var description: String {
        switch self {
        case let .invalid(key, value, expected): "\(key)=\(value) is not valid: expected \(expected)"
        case let .unreadableFile(path, reason): "cannot read config file \(path): \(reason)"
        case let .missing(key, why): "\(key) is not set: \(why)"
        case let .problems(list): list.map(\.description).joined(separator: "\n")
        }
    }
}

/// `KEY=value` lines; `#` starts a comment; values may be quoted. The same form as a dotenv file.
public enum ConfigFile {
    public static func read(path: String) throws(SettingsError) -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw .unreadableFile(path: path, reason: "not readable as UTF-8")
        }
        return try parse(text, path: path)
    }

    public static func parse(_ text: String, path: String = "config") throws(SettingsError) -> [String: String] {
        var out: [String: String] = [:]
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line.removeFirst("export ".count) }
            guard let eq = line.firstIndex(of: "=") else {
                throw .unreadableFile(path: path, reason: "line \(n + 1) is not KEY=value")
            }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let f = value.first, f == "\"" || f == "'", value.last == f {
                value = String(value.dropFirst().dropLast())
            }
            out[key] = value
        }
        return out
    }
}
