import Foundation
public import IntakeCore
public import Logging

extension MQTTClient {
    /// The bus connection of one stage of this process: its own client id, and a retained status
    /// message at `status/{component}/{instance}` whose last will says offline.
    public static func stage(_ component: String, settings: IntakeSettings, logger: Logger, inboundCapacity: Int = 10_000) -> MQTTClient {
        let topics = settings.topics
        func report(_ state: StatusReport.State) -> [UInt8] {
            let r = StatusReport(component: component, instance: settings.instance, state: state,
                                 version: IntakeVersion.current, since: state == .online ? Date() : nil)
            return IntakeJSON.encode(r)
        }
        let status = StatusConfiguration(
            topic: topics.status(component: component, instance: settings.instance),
            online: report(.online), offline: report(.offline))
        return MQTTClient(
            configuration: .init(endpoint: settings.mqtt, clientID: "intake-\(component)-\(settings.instance)",
                                 status: status, inboundCapacity: inboundCapacity),
            logger: logger)
    }

    /// Publishes `value` as JSON without waiting for the broker; see `send`.
    public func sendJSON(_ value: some JSONWritable, topic: String, qos: Int = 1, retain: Bool = false, trace: TraceParent? = nil) throws {
        try send(topic: topic, payload: IntakeJSON.encode(value), qos: qos, retain: retain, trace: trace)
    }

    /// Publishes `payload` without waiting for the broker, carrying `trace` as the message's
    /// `traceparent` user property when there is one.
    public func send(topic: String, payload: [UInt8], qos: Int = 1, retain: Bool = false, trace: TraceParent?) throws {
        try send(topic: topic, payload: payload, qos: qos, retain: retain,
                 userProperties: trace.map { [(TraceParent.propertyName, $0.description)] } ?? [])
    }
}
