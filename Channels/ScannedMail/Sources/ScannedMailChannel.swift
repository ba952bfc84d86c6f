public import IntakeBus
public import IntakeChannel
public import IntakeCore
public import Logging
public import ServiceLifecycle

/// Postal mail and fax: letters scanned into a drop folder, read with Tesseract, one contact
/// per document. Nothing comes in over HTTP; the folder watcher is the adapter's service.
/// Replies become letters in the folder's `outbox/`, for staff to print and post.
public struct ScannedMailChannel: ChannelAdapter {
    public let channel = ScannedMailContact.channel
    public static let templateNames = ["reference-follows", "emergency-advice"]
    public let intake: ContactIntake
    let folder: DropFolderService
    let outbox: Outbox
    let templates: TemplateLibrary

    public init(intake: ContactIntake, settings: MailSettings, blobs: BlobStore, bus: MQTTClient, topics: TopicTree,
                caseReferencePrefix: String, templates: TemplateLibrary, logger: Logger) throws {
        try templates.require(channel: ScannedMailContact.channel, names: Self.templateNames)
        self.templates = templates
        self.intake = intake
        outbox = try Outbox(dropDirectory: settings.dropDirectory)
        folder = try DropFolderService(settings: settings, intake: intake, blobs: blobs, bus: bus, topics: topics, logger: logger,
                                       caseReferencePrefix: caseReferencePrefix)
    }

    public func services() -> [any Service] { [folder] }

    public func deliver(_ reply: ReplyMessage) async throws {
        try outbox.post(reply)
    }

    /// The case number, by letter to the return address, once the receipt comes (a letter's
    /// contact is never answered at once). A letter with no return address cannot be answered.
    public func referenceFollows(for contact: ContactEnvelope, receipt: ReceiptBatch.Receipt) throws -> ReplyMessage? {
        guard contact.sender.kind == .postal, contact.sender.address != nil else { return nil }
        return try .referenceFollows(for: contact, receipt: receipt, templates: templates, templateFolder: channel,
                                     replyChannel: channel, to: contact.sender, from: nil)
    }
}
