public import IntakeChannel
public import IntakeCore

/// Postal mail and fax as a plugin: on when `INTAKE_DROP_DIR` is set.
public struct ScannedMailChannelFactory: ChannelFactory {
    public init() {}

    public var name: String { ScannedMailContact.channel }
    public var settings: [SettingSpec] { MailSettings.specs }
    public var enablingSetting: (key: String, fix: String) { (MailSettings.enablingKey, MailSettings.enablingFix) }
    public var templates: [String: [String]] { [ScannedMailContact.channel: ScannedMailChannel.templateNames] }

    public func configuration(from reader: inout SettingsReader, settings: IntakeSettings) -> MailSettings? {
        MailSettings.read(&reader, dataDirectory: settings.dataDirectory)
    }

    public func makeAdapter(_ mail: MailSettings, context: ChannelContext) async throws -> any ChannelAdapter {
        try ScannedMailChannel(
            intake: context.intake(adapter: ScannedMailContact.adapter, channel: ScannedMailContact.channel),
            settings: mail, blobs: context.blobs, bus: context.bus, topics: context.settings.topics,
            caseReferencePrefix: context.settings.caseReferencePrefix, templates: context.templates, logger: context.logger)
    }
}
