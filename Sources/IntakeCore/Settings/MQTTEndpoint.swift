public import Foundation

/// A broker address from `mqtt://user:pass@host:port` (plain) or `mqtts://…` (TLS).
public struct MQTTEndpoint: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var username: String?
    public var password: String?
    public var tls: Bool
    /// With `tls`: a PEM file of the CA(s) the broker's certificate must chain to
    /// (`INTAKE_MQTT_CA_FILE`); nil trusts the system's CAs in /etc/ssl/certs.
    public var caFile: String?

    public init(host: String, port: Int, username: String? = nil, password: String? = nil, tls: Bool = false, caFile: String? = nil) {
        self.caFile = caFile
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.tls = tls
    }

    public init(url: String, key: String = "INTAKE_MQTT_URL") throws(SettingsError) {
        guard let c = URLComponents(string: url), let scheme = c.scheme, scheme == "mqtt" || scheme == "mqtts",
              let host = c.host, !host.isEmpty
        else { throw .invalid(key: key, value: Self.redacting(url), expected: "mqtt://user:pass@host:port or mqtts://…") }
        self.host = host
        self.tls = scheme == "mqtts"
        self.port = c.port ?? (tls ? 8883 : 1883)
        self.username = c.user?.removingPercentEncoding ?? c.user
        self.password = c.password?.removingPercentEncoding ?? c.password
    }

    /// The address without the password, for logs.
    public var description: String {
        "\(tls ? "mqtts" : "mqtt")://\(username.map { "\($0)@" } ?? "")\(host):\(port)"
    }

    static func redacting(_ url: String) -> String {
        guard var c = URLComponents(string: url), c.password != nil else { return url }
        c.password = "****"
        return c.string ?? url
    }
}
