public import IntakeChannel
public import IntakeCore

/// The Telegram channel as a plugin: on when `INTAKE_TELEGRAM_SECRET` is set.
public struct TelegramChannelFactory: ChannelFactory {
    public init() {}

    public var name: String { TelegramContact.channel }
    public var settings: [SettingSpec] { TelegramSettings.specs }
    public var enablingSetting: (key: String, fix: String) { (TelegramSettings.enablingKey, TelegramSettings.enablingFix) }
    public var templates: [String: [String]] { [TelegramContact.channel: TelegramChannel.templateNames] }

    public func configuration(from reader: inout SettingsReader, settings: IntakeSettings) -> TelegramSettings? {
        TelegramSettings.read(&reader)
    }

    public func makeAdapter(_ configuration: TelegramSettings, context: ChannelContext) async throws -> any ChannelAdapter {
        try TelegramChannel(
            intake: context.intake(adapter: TelegramContact.adapter, channel: TelegramContact.channel),
            configuration: configuration, templates: context.templates, blobs: context.blobs,
            settings: context.settings, logger: context.logger, emergencyScreen: context.emergencyScreen)
    }
}
