public import Foundation

/// `escalation/{id}/ack`: a person at the 911 centre has the escalation; the desk stops alerting.
/// Published by the CAD link (its 2xx answer said so), the console (a dispatcher's button) and the
/// `POST /api/v1/escalations/{id}/ack` route.
public struct EscalationAck: Sendable, Equatable {
    public static let schemaName = "intake.escalation-ack/1"

    /// Where the acknowledgement came from.
    public enum Via: String, Sendable, CaseIterable {
        case cad, console, api
    }

    public var schema: String = Self.schemaName
    /// The escalation's id (`Escalation.id`).
    public var id: String
    /// Who acknowledged: a dispatcher's name, a staff user, the CAD system.
    public var by: String
    public var at: Date
    public var via: Via

    public init(id: String, by: String, at: Date, via: Via) {
        self.id = id
        self.by = by
        self.at = at
        self.via = via
    }
}

/// `escalation/{id}/alert`: an escalation still unacknowledged after the re-alert interval was
/// sent to the sinks again; `alerts` counts every delivery so far, the first one included.
public struct EscalationAlert: Sendable, Equatable {
    public static let schemaName = "intake.escalation-alert/1"

    public var schema: String = Self.schemaName
    public var id: String
    public var alerts: Int
    /// When the escalation first arrived.
    public var receivedAt: Date
    public var at: Date
    public var escalation: Escalation

    public init(id: String, alerts: Int, receivedAt: Date, at: Date, escalation: Escalation) {
        self.id = id
        self.alerts = alerts
        self.receivedAt = receivedAt
        self.at = at
        self.escalation = escalation
    }
}

extension EscalationAck: JSONWritable, JSONReadable {
    public func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("schema", schema)
            w.field("id", id)
            w.field("by", by)
            w.field("at", at)
            w.field("via", via.rawValue)
        }
    }

    public init(json: JSONValue) throws(EnvelopeError) {
        let f = try JSONFields(json)
        try f.expectSchema(Self.schemaName)
        self.init(id: try f.string("id"), by: try f.string("by"), at: try f.date("at"), via: try f.requiredEnumeration("via", Via.self))
    }
}

extension EscalationAlert: JSONWritable, JSONReadable {
    public func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("schema", schema)
            w.field("id", id)
            w.field("alerts", alerts)
            w.field("received_at", receivedAt)
            w.field("at", at)
            w.field("escalation", escalation)
        }
    }

    public init(json: JSONValue) throws(EnvelopeError) {
        let f = try JSONFields(json)
        try f.expectSchema(Self.schemaName)
        guard let e = f.members["escalation"] else { throw EnvelopeError("escalation is missing") }
        self.init(id: try f.string("id"), alerts: try f.int("alerts"), receivedAt: try f.date("received_at"), at: try f.date("at"),
                  escalation: try Escalation(json: e))
    }
}
