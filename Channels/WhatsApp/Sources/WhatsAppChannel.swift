import Foundation
import HTTPTypes
public import Hummingbird
public import IntakeChannel
public import IntakeCore
public import Logging

/// The WhatsApp channel: `POST /whatsapp/webhook`, a JSON body signed with a shared secret in
/// the `X-WhatsApp-Secret` header.
///
/// The rules every adapter keeps: refuse before spooling (403 forged, 400 malformed, 413 too
/// large); answer the provider only after `ContactIntake.submit` returned (the contact is then
/// fsync'd); log residents' words and addresses only at debug.
public struct WhatsAppChannel: ChannelAdapter {
    public static let templateNames = ["received"]
    public static let maxBodyBytes = 64 * 1024

    public let channel = WhatsAppContact.channel
    public let intake: ContactIntake
    let templates: TemplateLibrary
    let secret: [UInt8]
    let caseReferencePrefix: String
    let logger: Logger

    public init(intake: ContactIntake, templates: TemplateLibrary, secret: String, caseReferencePrefix: String, logger: Logger) throws {
        try templates.require(channel: WhatsAppContact.channel, names: Self.templateNames)
        self.intake = intake
        self.templates = templates
        self.secret = Array(secret.utf8)
        self.caseReferencePrefix = caseReferencePrefix
        self.logger = logger
    }

    public func addRoutes(to router: Router<BasicRequestContext>) {
        router.post("/whatsapp/webhook") { request, _ in try await self.receive(request) }
    }

    func receive(_ request: Request) async throws -> Response {
        guard let given = request.headers[HTTPField.Name("X-WhatsApp-Secret")!], ConstantTime.equals(Array(given.utf8), secret) else {
            throw HTTPError(.forbidden, message: "missing or wrong X-WhatsApp-Secret")
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: Self.maxBodyBytes)
        } catch {
            throw HTTPError(.contentTooLarge, message: "request body over \(Self.maxBodyBytes) bytes")
        }
        let contact: ContactEnvelope
        do {
            let payload = try JSONDecoder().decode(WhatsAppContact.Payload.self, from: Data(body.readableBytesView))
            contact = try WhatsAppContact.envelope(from: payload, caseReferencePrefix: caseReferencePrefix)
        } catch {
            throw HTTPError(.badRequest, message: "expected a JSON object with message_id, from and text: \(error)")
        }
        let submission: ContactIntake.Submission
        do {
            submission = try await intake.submit(contact)
        } catch {
            // Not durable, so not accepted: the provider will try again.
            logger.error("could not spool whatsapp contact \(contact.id): \(error)")
            throw HTTPError(.serviceUnavailable, message: "the message could not be stored; please retry")
        }
        let text = try templates.render(channel: channel, name: "received", language: contact.language,
                                        ["ref": submission.receipt?.caseRef ?? ""])
        logger.info("whatsapp contact accepted", metadata: ["contact": .string(contact.id), "case": .string(submission.receipt?.caseRef ?? "pending")])
        return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
