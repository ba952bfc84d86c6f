public import IntakeChannel
public import IntakeCore

/// The web chat as a plugin: on with `INTAKE_CHAT_ENABLED=on`.
public struct WebChatChannelFactory: ChannelFactory {
    public init() {}

    public var name: String { WebChatChannel.channelName }
    public var settings: [SettingSpec] { WebChatSettings.specs }
    public var enablingSetting: (key: String, fix: String) { (WebChatSettings.enablingKey, WebChatSettings.enablingFix) }
    public var templates: [String: [String]] { [WebChatChannel.channelName: WebChatChannel.templateNames] }

    public func configuration(from reader: inout SettingsReader, settings: IntakeSettings) -> WebChatSettings? {
        WebChatSettings.read(&reader, settings: settings)
    }

    public func makeAdapter(_ chat: WebChatSettings, context: ChannelContext) async throws -> any ChannelAdapter {
        try WebChatChannel(
            intake: context.intake(adapter: WebChatChannel.adapterName, channel: WebChatChannel.channelName),
            settings: chat, templates: context.templates, blobs: context.blobs, intakeSettings: context.settings,
            logger: context.logger, emergencyScreen: context.emergencyScreen)
    }
}
