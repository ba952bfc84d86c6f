public import IntakeChannel
public import IntakeCore
public import TwilioSupport

/// The SMS channel as a plugin: on when the Twilio settings are present.
public struct SMSChannelFactory: ChannelFactory {
    public init() {}

    public var name: String { SMSContact.channel }
    public var settings: [SettingSpec] { TwilioSettings.specs }
    public var enablingSetting: (key: String, fix: String) { (TwilioSettings.enablingKey, TwilioSettings.enablingFix) }
    public var templates: [String: [String]] { [SMSContact.channel: SMSChannel.templateNames] }

    public func configuration(from reader: inout SettingsReader, settings: IntakeSettings) -> TwilioSettings? {
        TwilioSettings.read(&reader, publicURL: settings.publicURL)
    }

    public func makeAdapter(_ twilio: TwilioSettings, context: ChannelContext) async throws -> any ChannelAdapter {
        try SMSChannel(
            intake: context.intake(adapter: SMSContact.adapter, channel: SMSContact.channel),
            webhook: TwilioWebhook(twilio: twilio, channel: SMSContact.channel, logger: context.logger),
            templates: context.templates, rest: TwilioRESTClient(twilio: twilio), blobs: context.blobs,
            settings: context.settings, logger: context.logger, emergencyScreen: context.emergencyScreen)
    }
}
