public import IntakeChannel
public import IntakeCore

/// The Open311 channel as a plugin: on when `INTAKE_OPEN311_ENABLED=on`.
public struct Open311ChannelFactory: ChannelFactory {
    public init() {}

    public var name: String { Open311Contact.channel }
    public var settings: [SettingSpec] { Open311Settings.specs }
    public var templates: [String: [String]] { [Open311Contact.channel: Open311Channel.templateNames] }
    public var enablingSetting: (key: String, fix: String) { (Open311Settings.enablingKey, Open311Settings.enablingFix) }

    public func configuration(from reader: inout SettingsReader, settings: IntakeSettings) -> Open311Settings? {
        Open311Settings.read(&reader, settings: settings)
    }

    public func makeAdapter(_ configuration: Open311Settings, context: ChannelContext) async throws -> any ChannelAdapter {
        try Open311Channel(
            intake: context.intake(adapter: Open311Contact.adapter, channel: Open311Contact.channel),
            configuration: configuration, templates: context.templates, settings: context.settings, logger: context.logger, emergencyScreen: context.emergencyScreen)
    }
}
