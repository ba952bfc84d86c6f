import Foundation
public import Hummingbird
public import IntakeBus
public import IntakeChannel
public import IntakeCore
public import Logging
import Metrics

/// The 911 centre's way in: `POST /api/v1/handoff/911` (a call for 311, which becomes a contact
/// of channel `cad`) and `POST /api/v1/escalations/{id}/ack` (a dispatcher has an escalation).
/// Both take the centre's bearer token (`CentreTokens`). An acknowledgement is published on
/// `escalation/{id}/ack`, which the escalation desk (with the writer) records.
public struct CADChannel: ChannelAdapter {
    public var channel: String { HandoffRequest.channel }
    public let intake: ContactIntake
    let tokens: CentreTokens
    let bus: MQTTClient
    let topics: TopicTree
    let logger: Logger

    public init(intake: ContactIntake, tokens: CentreTokens, bus: MQTTClient, topics: TopicTree, logger: Logger) {
        self.intake = intake
        self.tokens = tokens
        self.bus = bus
        self.topics = topics
        self.logger = logger
    }

    public func addRoutes(to router: Router<BasicRequestContext>) {
        router.post("/api/v1/handoff/911") { request, _ -> Response in
            try await self.handoff(request)
        }
        router.post("/api/v1/escalations/{id}/ack") { request, context -> Response in
            try await self.acknowledge(request, id: context.parameters.get("id") ?? "")
        }
    }

    func handoff(_ request: Request) async throws -> Response {
        guard tokens.verify(authorization: request.headers[.authorization]) != nil else { return Self.unauthorized() }
        var request = request
        let body = try await request.collectBody(upTo: 1 << 20)
        let handoff: HandoffRequest
        do {
            handoff = try HandoffRequest(body: Array(body.readableBytesView))
        } catch {
            Counter(label: "intake_webhooks_rejected_total", dimensions: [("channel", channel), ("reason", "malformed")]).increment()
            return Self.json(.badRequest, ["error": .string(error.description)])
        }
        let contact = handoff.contact()
        let submission: ContactIntake.Submission
        do {
            submission = try await intake.submit(contact)
        } catch {
            logger.error("could not spool 911 handoff \(contact.id): \(error)")
            return Self.json(.serviceUnavailable, ["error": .string("the handoff could not be stored; please retry")])
        }
        logger.info("911 handoff accepted", metadata: ["contact": .string(contact.id), "case": .string(submission.receipt?.caseRef ?? "pending")])
        guard let receipt = submission.receipt else {
            // Durable, not yet a case: the reference follows; the same POST again returns it.
            return Self.json(.accepted, ["contact_id": .string(contact.id), "incident_number": .string(handoff.incidentNumber),
                                         "status": .string("pending")])
        }
        return Self.json(receipt.outcome == .created ? .created : .ok, [
            "case_ref": .string(receipt.caseRef), "contact_id": .string(contact.id),
            "incident_number": .string(handoff.incidentNumber), "outcome": .string(receipt.outcome.rawValue),
        ])
    }

    func acknowledge(_ request: Request, id: String) async throws -> Response {
        guard let label = tokens.verify(authorization: request.headers[.authorization]) else { return Self.unauthorized() }
        guard !id.isEmpty, !id.contains("/"), !id.contains("+"), !id.contains("#") else {
            return Self.json(.badRequest, ["error": .string("not an escalation id")])
        }
        var request = request
        let body = try await request.collectBody(upTo: 1 << 16)
        // An optional {"by": "dispatcher 7"} names the person; else the token's label.
        var by = label
        if case .object(let o)? = try? JSONReader.parse(Array(body.readableBytesView)), case .string(let who)? = o["by"], !who.isEmpty {
            by = who
        }
        let ack = EscalationAck(id: id, by: by, at: Date(), via: .api)
        do {
            try await bus.publishAcknowledged(topic: topics.escalationAck(id: id), payload: IntakeJSON.encode(ack), timeout: .seconds(5))
        } catch {
            return Self.json(.serviceUnavailable, ["error": .string("the acknowledgement could not be recorded; please retry")])
        }
        logger.notice("escalation \(id) acknowledged by \(by) through the API")
        return Self.json(.accepted, ["id": .string(id), "acknowledged": .bool(true), "by": .string(by)])
    }

    static func unauthorized() -> Response {
        var r = json(.unauthorized, ["error": .string("a valid 911 centre bearer token is required")])
        r.headers[.wwwAuthenticate] = "Bearer realm=\"intake-911\""
        return r
    }

    static func json(_ status: HTTPResponse.Status, _ object: [String: JSONValue]) -> Response {
        Response(status: status, headers: [.contentType: "application/json"],
                 body: .init(byteBuffer: ByteBuffer(bytes: (try? IntakeJSON.encode(JSONValue.object(object))) ?? [])))
    }
}
