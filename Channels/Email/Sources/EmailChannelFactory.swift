import Foundation
import IntakeBus
public import IntakeChannel
public import IntakeCore

/// The email channel as a plugin: on when INTAKE_IMAP_URL is set.
public struct EmailChannelFactory: ChannelFactory {
    public init() {}

    public var name: String { EmailContact.channel }
    public var settings: [SettingSpec] { EmailSettings.specs }
    public var enablingSetting: (key: String, fix: String) { (EmailSettings.enablingKey, EmailSettings.enablingFix) }
    public var templates: [String: [String]] { [EmailAnswers.templateFolder: EmailAnswers.templateNames + StatusReplies.templateNames] }

    public func configuration(from reader: inout SettingsReader, settings: IntakeSettings) -> EmailSettings? {
        EmailSettings.read(&reader)
    }

    public func makeAdapter(_ email: EmailSettings, context: ChannelContext) async throws -> any ChannelAdapter {
        try context.templates.require(channel: EmailAnswers.templateFolder, names: EmailAnswers.templateNames + StatusReplies.templateNames)
        let directory = "\(context.settings.dataDirectory)/email"
        let threads = try ThreadIndex(directory: "\(directory)/threads")
        let intake = try context.intake(adapter: EmailContact.adapter, channel: EmailContact.channel)
        let own = email.address ?? email.imap.user ?? "311@localhost"
        var logger = context.logger
        logger[metadataKey: "channel"] = "email"
        if !email.tls.verify { logger.warning("INTAKE_EMAIL_TLS_VERIFY=off: the mail servers' certificates are not checked") }
        let watcher = MailboxWatcher(
            settings: email,
            dependencies: .init(intake: intake, blobs: context.blobs, threads: threads,
                                deadLetters: DeadLetters(stage: EmailContact.channel, bus: context.bus, topics: context.settings.topics, logger: logger),
                                caseReferencePrefix: context.settings.caseReferencePrefix,
                                maxAttachmentBytes: context.settings.maxAttachmentBytes,
                                statePath: "\(directory)/mailbox-\(Self.stateName(email.imap)).json",
                                status: EmailStatusAnswers(
                                    replies: StatusReplies(settings: context.settings, templates: context.templates,
                                                           labels: context.emergencyScreen as? any CategoryLabels, logger: logger),
                                    bus: context.bus, topics: context.settings.topics, ownAddress: own,
                                    caseReferencePrefix: context.settings.caseReferencePrefix)),
            logger: logger)
        let sender = email.smtp.map { smtp in SMTPSender(server: smtp, auth: email.auth, tls: email.tls, token: { try email.oauthToken() }) }
        return EmailChannel(
            intake: intake, watcher: watcher,
            answers: EmailAnswers(templates: context.templates, ownAddress: own, senderName: nil, threads: threads,
                                 emergencyScreen: context.emergencyScreen),
            sender: sender, limiter: AnswerLimiter(perHour: email.answersPerSenderPerHour), logger: logger)
    }

    /// One state file per mailbox, so that pointing the channel at another one starts afresh.
    static func stateName(_ url: MailServerURL) -> String {
        "\(url.user ?? "")@\(url.host):\(url.port)/\(url.mailbox)".map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" ? $0 : "_" }
            .reduce(into: "") { $0.append($1) }
    }
}
