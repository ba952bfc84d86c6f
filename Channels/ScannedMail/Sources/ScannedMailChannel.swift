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
    public let intake: ContactIntake
    let folder: DropFolderService
    let outbox: Outbox

    public init(intake: ContactIntake, settings: MailSettings, blobs: BlobStore, bus: MQTTClient, topics: TopicTree,
                caseReferencePrefix: String, logger: Logger) throws {
        self.intake = intake
        outbox = try Outbox(dropDirectory: settings.dropDirectory)
        folder = try DropFolderService(settings: settings, intake: intake, blobs: blobs, bus: bus, topics: topics, logger: logger,
                                       caseReferencePrefix: caseReferencePrefix)
    }

    public func services() -> [any Service] { [folder] }

    public func deliver(_ reply: ReplyMessage) async throws {
        try outbox.post(reply)
    }
}
