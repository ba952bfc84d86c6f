public import Foundation

/// Every setting of an `intake` process, read from the environment and, beneath it, a config file
/// of `KEY=value` lines with the same keys. The environment wins.
///
/// The config file is `--config FILE`, else `$INTAKE_CONFIG`, else `$INTAKE_DATA_DIR/stack.env`
/// when the dev stack (`Docker/stack.sh up`) has written one.
public struct IntakeSettings: Sendable {
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
    /// `INTAKE_TWILIO_AUTH_TOKEN`: Twilio's webhook signing secret.
    public var twilioAuthToken: String?
    /// `INTAKE_TWILIO_SIGNATURES=off` turns signature checks off, for a local demo only.
    public var twilioSignaturesDisabled: Bool
    /// `INTAKE_TWILIO_ACCOUNT_SID`: the account outbound messages are sent from.
    public var twilioAccountSID: String?
    /// `INTAKE_TWILIO_API_URL`: the Twilio REST base for outbound SMS. Default `https://api.twilio.com`.
    public var twilioAPIURL: String
    /// `INTAKE_911_NUMBER`: where the IVR transfers emergencies. Default `911`.
    public var emergencyNumber: String
    /// `INTAKE_MAX_ATTACHMENT_BYTES`: larger attachments are not fetched; the contact is kept and
    /// says so. Default 10 MiB.
    public var maxAttachmentBytes: Int
    /// `INTAKE_TIME_ZONE`: the city's time zone; it decides the year in a case reference. Default `America/Phoenix`.
    public var timeZone: TimeZone
    /// `INTAKE_TRIAGE_RULES`: the city's triage rules (categories, emergencies, referrals,
    /// duplicates, routing). Default `./Docker/config/triage-rules.yaml`.
    public var triageRules: String
    /// `INTAKE_GAZETTEER`: address point files (OpenAddresses CSV or location-table form),
    /// separated by `:`. None: ZIP centroids only.
    public var gazetteer: String?
    /// `INTAKE_GEO_DIR`: boundaries (places, neighbourhoods with wards) and ZIP centroids, as in
    /// `shared/data/geo/tucson`. None: no jurisdictions or ZIP centroids.
    public var geoDirectory: String?
    /// `INTAKE_GEOCODER_URL`: a remote geocoder asked when nothing local matches,
    /// `nominatim+https://host` or `pelias+https://host`. None by default.
    public var remoteGeocoder: String?
    /// `INTAKE_DATABASE_URL_READER`: a read-only role the enrich stage loads open cases with.
    /// Default `INTAKE_DATABASE_URL`.
    public var readerDatabaseURL: String
    /// `INTAKE_LOG_LEVEL`: trace, debug, info, notice, warning, error. Default `info`.
    public var logLevel: String

    /// Every key this type reads, for `--help` and the README.
    public static let keys = [
        "INTAKE_MQTT_URL", "INTAKE_DATABASE_URL", "INTAKE_MIGRATION_DATABASE_URL", "INTAKE_HTTP_ADDRESS",
        "INTAKE_PUBLIC_URL", "INTAKE_TOPIC_PREFIX", "INTAKE_DATA_DIR", "INTAKE_TEMPLATES_DIR",
        "INTAKE_CASE_PREFIX", "INTAKE_INSTANCE", "INTAKE_ACK_WAIT_MS", "INTAKE_REDELIVERY_SECONDS",
        "INTAKE_TWILIO_AUTH_TOKEN", "INTAKE_TWILIO_SIGNATURES", "INTAKE_TWILIO_ACCOUNT_SID",
        "INTAKE_TWILIO_API_URL", "INTAKE_911_NUMBER", "INTAKE_MAX_ATTACHMENT_BYTES", "INTAKE_TIME_ZONE",
        "INTAKE_TRIAGE_RULES", "INTAKE_GAZETTEER", "INTAKE_GEO_DIR", "INTAKE_GEOCODER_URL", "INTAKE_DATABASE_URL_READER",
        "INTAKE_LOG_LEVEL",
    ]

    public init(values: [String: String]) throws(SettingsError) {
        func value(_ key: String) -> String? {
            guard let v = values[key]?.trimmingCharacters(in: .whitespaces), !v.isEmpty else { return nil }
            return v
        }
        func integer(_ key: String, default d: Int) throws(SettingsError) -> Int {
            guard let s = value(key) else { return d }
            guard let n = Int(s), n >= 0 else { throw .invalid(key: key, value: s, expected: "a whole number ≥ 0") }
            return n
        }

        mqtt = try MQTTEndpoint(url: value("INTAKE_MQTT_URL") ?? "mqtt://127.0.0.1:1883", key: "INTAKE_MQTT_URL")
        databaseURL = value("INTAKE_DATABASE_URL") ?? "postgres://127.0.0.1:5432/intake"
        migrationDatabaseURL = value("INTAKE_MIGRATION_DATABASE_URL") ?? databaseURL

        let address = value("INTAKE_HTTP_ADDRESS") ?? "127.0.0.1:8311"
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]),
              (0...65535).contains(port)
        else { throw .invalid(key: "INTAKE_HTTP_ADDRESS", value: address, expected: "host:port") }
        httpHost = String(address[..<colon])
        httpPort = port

        publicURL = value("INTAKE_PUBLIC_URL") ?? "http://\(address)"
        while publicURL.hasSuffix("/") { publicURL.removeLast() }
        guard let u = URL(string: publicURL), u.scheme == "http" || u.scheme == "https", u.host != nil else {
            throw .invalid(key: "INTAKE_PUBLIC_URL", value: publicURL, expected: "an http(s) URL")
        }

        topics = TopicTree(prefix: value("INTAKE_TOPIC_PREFIX") ?? TopicTree.defaultPrefix)
        dataDirectory = value("INTAKE_DATA_DIR") ?? "./.intake"
        templatesDirectory = value("INTAKE_TEMPLATES_DIR") ?? "./Templates"
        caseReferencePrefix = value("INTAKE_CASE_PREFIX")?.uppercased() ?? "TUC"
        guard (2...8).contains(caseReferencePrefix.count), caseReferencePrefix.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw .invalid(key: "INTAKE_CASE_PREFIX", value: caseReferencePrefix, expected: "2 to 8 letters")
        }
        instance = value("INTAKE_INSTANCE") ?? "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
        guard !instance.contains(where: { $0 == "/" || $0 == "+" || $0 == "#" }) else {
            throw .invalid(key: "INTAKE_INSTANCE", value: instance, expected: "a name without /, + or #")
        }
        acknowledgementWait = .milliseconds(try integer("INTAKE_ACK_WAIT_MS", default: 3000))
        redeliveryInterval = .seconds(max(1, try integer("INTAKE_REDELIVERY_SECONDS", default: 10)))

        twilioAuthToken = value("INTAKE_TWILIO_AUTH_TOKEN")
        switch value("INTAKE_TWILIO_SIGNATURES")?.lowercased() {
        case nil, "on", "true", "1": twilioSignaturesDisabled = false
        case "off", "false", "0": twilioSignaturesDisabled = true
        case let other?: throw .invalid(key: "INTAKE_TWILIO_SIGNATURES", value: other, expected: "on or off")
        }
        twilioAccountSID = value("INTAKE_TWILIO_ACCOUNT_SID")
        twilioAPIURL = value("INTAKE_TWILIO_API_URL") ?? "https://api.twilio.com"
        while twilioAPIURL.hasSuffix("/") { twilioAPIURL.removeLast() }
        emergencyNumber = value("INTAKE_911_NUMBER") ?? "911"
        maxAttachmentBytes = try integer("INTAKE_MAX_ATTACHMENT_BYTES", default: 10 << 20)
        let zone = value("INTAKE_TIME_ZONE") ?? "America/Phoenix"
        guard let tz = TimeZone(identifier: zone) else {
            throw .invalid(key: "INTAKE_TIME_ZONE", value: zone, expected: "an IANA time zone such as America/Phoenix")
        }
        timeZone = tz
        triageRules = value("INTAKE_TRIAGE_RULES") ?? "./Docker/config/triage-rules.yaml"
        gazetteer = value("INTAKE_GAZETTEER")
        geoDirectory = value("INTAKE_GEO_DIR")
        remoteGeocoder = value("INTAKE_GEOCODER_URL")
        if let r = remoteGeocoder, !(r.hasPrefix("nominatim+http") || r.hasPrefix("pelias+http")) {
            throw .invalid(key: "INTAKE_GEOCODER_URL", value: r, expected: "nominatim+http(s)://host or pelias+http(s)://host")
        }
        readerDatabaseURL = value("INTAKE_DATABASE_URL_READER") ?? databaseURL
        logLevel = value("INTAKE_LOG_LEVEL") ?? "info"
    }

    /// The environment over the config file.
    public static func load(
        configFile: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(SettingsError) -> IntakeSettings {
        var values: [String: String] = [:]
        let dataDir = environment["INTAKE_DATA_DIR"] ?? "./.intake"
        let explicit = configFile ?? environment["INTAKE_CONFIG"]
        let path = explicit ?? "\(dataDir)/stack.env"
        if FileManager.default.fileExists(atPath: path) {
            values = try ConfigFile.read(path: path)
        } else if let explicit {
            throw .unreadableFile(path: explicit, reason: "no such file")
        }
        values.merge(environment.filter { $0.key.hasPrefix("INTAKE_") }) { _, env in env }
        return try IntakeSettings(values: values)
    }
}

public enum SettingsError: Error, CustomStringConvertible, Equatable {
    case invalid(key: String, value: String, expected: String)
    case unreadableFile(path: String, reason: String)
    case missing(key: String, why: String)

    public var description: String {
        switch self {
        case let .invalid(key, value, expected): "\(key)=\(value) is not valid: expected \(expected)"
        case let .unreadableFile(path, reason): "cannot read config file \(path): \(reason)"
        case let .missing(key, why): "\(key) is not set: \(why)"
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
