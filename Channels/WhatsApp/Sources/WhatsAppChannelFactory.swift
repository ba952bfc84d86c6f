public import IntakeChannel
public import IntakeCore

/// The WhatsApp channel as a plugin: on when `INTAKE_WHATSAPP_APP_SECRET` is set.
public struct WhatsAppChannelFactory: ChannelFactory {
    public init() {}

    public var name: String { WhatsAppContact.channel }
    public var settings: [SettingSpec] { WhatsAppSettings.specs }
    public var enablingSetting: (key: String, fix: String) { (WhatsAppSettings.enablingKey, WhatsAppSettings.enablingFix) }
    public var templates: [String: [String]] { [WhatsAppContact.channel: WhatsAppChannel.templateNames] }

    public func configuration(from reader: inout SettingsReader, settings: IntakeSettings) -> WhatsAppSettings? {
        WhatsAppSettings.read(&reader)
    }

    public func makeAdapter(_ configuration: WhatsAppSettings, context: ChannelContext) async throws -> any ChannelAdapter {
        try WhatsAppChannel(
            intake: context.intake(adapter: WhatsAppContact.adapter, channel: WhatsAppContact.channel),
            configuration: configuration, templates: context.templates, blobs: context.blobs,
            settings: context.settings, logger: context.logger, emergencyScreen: context.emergencyScreen)
    }
}
