public import IntakeChannel
public import IntakeCore

/// The WhatsApp channel as a plugin: on when `INTAKE_WHATSAPP_SECRET` is set.
public struct WhatsAppChannelFactory: ChannelFactory {
    public struct Configuration: Sendable {
        /// `INTAKE_WHATSAPP_SECRET`: the secret the provider sends in `X-WhatsApp-Secret`.
        public var secret: String

        public init(secret: String) {
            self.secret = secret
        }
    }

    public init() {}

    public var name: String { WhatsAppContact.channel }
    public var settings: [SettingSpec] {
        [.init("INTAKE_WHATSAPP_SECRET", "the shared secret WhatsApp webhooks carry; the channel is on when it is set",
               default: "none: whatsapp channel off", secret: true)]
    }
    public var enablingSetting: (key: String, fix: String) {
        ("INTAKE_WHATSAPP_SECRET", "set INTAKE_WHATSAPP_SECRET to the secret configured at the provider (16 characters or more)")
    }
    public var templates: [String: [String]] { [WhatsAppContact.channel: WhatsAppChannel.templateNames] }

    public func configuration(from reader: inout SettingsReader, settings: IntakeSettings) -> Configuration? {
        guard let secret = reader.string("INTAKE_WHATSAPP_SECRET") else { return nil }
        if secret.count < 16 {
            reader.report("INTAKE_WHATSAPP_SECRET", value: "(\(secret.count) characters)", expected: "16 characters or more",
                          fix: "set a longer secret at the provider and here")
        }
        return Configuration(secret: secret)
    }

    public func makeAdapter(_ configuration: Configuration, context: ChannelContext) async throws -> any ChannelAdapter {
        try WhatsAppChannel(
            intake: context.intake(adapter: WhatsAppContact.adapter, channel: WhatsAppContact.channel),
            templates: context.templates, secret: configuration.secret,
            caseReferencePrefix: context.settings.caseReferencePrefix, logger: context.logger)
    }
}
