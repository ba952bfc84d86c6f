public import IntakeChannel
public import IntakeCore
public import TwilioSupport

/// The voice channel (IVR) as a plugin: on when the Twilio settings are present.
public struct VoiceChannelFactory: ChannelFactory {
    public init() {}

    public var name: String { VoiceContact.channel }
    public var settings: [SettingSpec] { VoiceSettings.specs }
    public var enablingSetting: (key: String, fix: String) { (TwilioSettings.enablingKey, TwilioSettings.enablingFix) }
    public var templates: [String: [String]] { [TwiMLRenderer.templateChannel: VoiceChannel.templateNames] }

    public func configuration(from reader: inout SettingsReader, settings: IntakeSettings) -> VoiceSettings? {
        VoiceSettings.read(&reader, publicURL: settings.publicURL)
    }

    public func makeAdapter(_ voice: VoiceSettings, context: ChannelContext) async throws -> any ChannelAdapter {
        try VoiceChannel(voice, intake: context.intake(adapter: VoiceContact.adapter, channel: VoiceContact.channel), context: context)
    }
}
