/// The topic tree of the bus, under a configurable prefix (default `311/v1`).
///
/// | topic | who publishes |
/// |---|---|
/// | `contact/{channel}` | adapters |
/// | `enriched/{channel}` | enrich |
/// | `case/{ref}/event` | case writer |
/// | `receipt/{adapter}` | case writer |
/// | `reply/{channel}` | case writer, adapters, operators |
/// | `escalation` | enrich, adapters |
/// | `escalation/{id}/ack` | the escalation desk (CAD answer), the 911 API route, the console |
/// | `escalation/{id}/alert` | the escalation desk (each re-alert) |
/// | `alert/surge` | enrich (a surge of one kind of report in one area) |
/// | `deadletter/{stage}` | any stage |
/// | `status/{component}/{instance}` | every process (retained) |
public struct TopicTree: Sendable, Equatable {
    public static let defaultPrefix = "311/v1"

    public var prefix: String

    public init(prefix: String = TopicTree.defaultPrefix) {
        var p = prefix
        while p.hasSuffix("/") { p.removeLast() }
        self.prefix = p
    }

    public func contact(channel: String) -> String { "\(prefix)/contact/\(channel)" }
    public var allContacts: String { "\(prefix)/contact/+" }

    public func enriched(channel: String) -> String { "\(prefix)/enriched/\(channel)" }
    public var allEnriched: String { "\(prefix)/enriched/+" }

    public func caseEvent(ref: String) -> String { "\(prefix)/case/\(ref)/event" }
    public var allCaseEvents: String { "\(prefix)/case/+/event" }

    public func receipt(adapter: String) -> String { "\(prefix)/receipt/\(adapter)" }

    public func reply(channel: String) -> String { "\(prefix)/reply/\(channel)" }
    /// A reply only one adapter instance may send: the one whose spool holds the contact it
    /// answers. Its dedup log is the only one that knows whether it went out already.
    public func reply(channel: String, instance: String) -> String { "\(prefix)/reply/\(channel)/\(instance)" }

    public var escalation: String { "\(prefix)/escalation" }
    public func escalationAck(id: String) -> String { "\(prefix)/escalation/\(id)/ack" }
    public var allEscalationAcks: String { "\(prefix)/escalation/+/ack" }
    public func escalationAlert(id: String) -> String { "\(prefix)/escalation/\(id)/alert" }
    /// Many reports of one kind in one area (`SurgeAlert`), from the enrich stage.
    public var surgeAlert: String { "\(prefix)/alert/surge" }

    public func deadLetter(stage: String) -> String { "\(prefix)/deadletter/\(stage)" }

    public func status(component: String, instance: String) -> String { "\(prefix)/status/\(component)/\(instance)" }
    public var allStatus: String { "\(prefix)/status/#" }

    public var everything: String { "\(prefix)/#" }

    /// An MQTT v5 shared subscription, so that N instances of a stage split the messages.
    public static func shared(group: String, _ filter: String) -> String { "$share/\(group)/\(filter)" }
}
