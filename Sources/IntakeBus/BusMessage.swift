/// One message as it crossed the bus.
public struct BusMessage: Sendable {
    public var topic: String
    public var payload: [UInt8]
    /// MQTT v5 user properties, in order; `traceparent` travels here.
    public var userProperties: [(String, String)]
    public var qos: Int
    public var retain: Bool

    public init(topic: String, payload: [UInt8], userProperties: [(String, String)] = [], qos: Int = 1, retain: Bool = false) {
        self.topic = topic
        self.payload = payload
        self.userProperties = userProperties
        self.qos = qos
        self.retain = retain
    }

    public func userProperty(_ name: String) -> String? {
        userProperties.first(where: { $0.0 == name })?.1
    }
}
