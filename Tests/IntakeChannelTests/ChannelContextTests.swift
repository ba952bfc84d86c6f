import Foundation
import IntakeBus
import IntakeChannel
import IntakeCore
import Logging
import Testing

@Suite("Channel context")
struct ChannelContextTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static func context() async throws -> (ChannelContext, String) {
        let data = NSTemporaryDirectory() + "channel-context-\(UUID().uuidString)"
        let settings = try IntakeSettings(values: ["INTAKE_DATA_DIR": data])
        let logger = Logger(label: "channel-context-test")
        let context = ChannelContext(settings: settings, bus: MQTTClient.stage("adapters", settings: settings, logger: logger),
                                     templates: try await TemplateLibrary(directory: "\(repository)/Templates"),
                                     blobs: try BlobStore(directory: "\(data)/blobs"), logger: logger)
        return (context, data)
    }

    @Test("each adapter's intake spools under $INTAKE_DATA_DIR/spool/<adapter>")
    func spoolPlace() async throws {
        let (context, data) = try await Self.context()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let intake = try context.intake(adapter: "example-webhook", channel: "example")
        #expect(intake.adapter == "example-webhook" && intake.channel == "example")
        #expect(FileManager.default.fileExists(atPath: "\(data)/spool/example-webhook"))
        #expect(intake.spool.pendingCount == 0)
        await intake.spool.close()
    }

    @Test("the reference-follows reply is sent once per contact, in the resident's language")
    func referenceFollows() async throws {
        let (context, data) = try await Self.context()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let contact = ContactEnvelope(id: "sms:SM1", channel: "sms", adapter: "twilio-sms",
                                      sender: Sender(kind: .phone, address: "+15205550100"), language: "es", text: "hay un bache")
        let receipt = ReceiptBatch.Receipt(contactID: contact.id, caseRef: "TUC-2026-000042", outcome: .created)
        let reply = try ReplyMessage.referenceFollows(for: contact, receipt: receipt, templates: context.templates, templateFolder: "sms",
                                                      replyChannel: "sms", to: contact.sender, from: "+15205550311")
        #expect(reply.id == "ref:sms:SM1")
        #expect(reply.text.contains("TUC-2026-000042"))
        #expect(reply.text.contains("caso"))
        #expect(reply.from == "+15205550311" && reply.to.address == "+15205550100")
        #expect(reply.caseRef == "TUC-2026-000042" && reply.contactID == contact.id)
    }
}
