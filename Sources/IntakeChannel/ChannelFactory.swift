public import IntakeCore

/// How a channel plugs in: it names itself, reads its own settings, and builds its adapter.
///
/// `Sources/IntakeServer/ChannelRegistry.swift` lists one factory per channel; a process runs the
/// channels named in `INTAKE_CHANNELS`, or, when that is unset, every channel whose settings are
/// present. `intake new-channel NAME` writes a channel with its factory from `Templates/scaffold/`.
public protocol ChannelFactory: Sendable {
    /// What the channel reads from its settings, ready to build the adapter from.
    associatedtype Configuration: Sendable

    /// The name in `INTAKE_CHANNELS` and in the start-up log: `sms`, `voice`, `email` …
    var name: String { get }
    /// Every setting the channel reads, for `intake config show` and the README.
    var settings: [SettingSpec] { get }
    /// The setting whose absence leaves the channel off, and how to set it.
    var enablingSetting: (key: String, fix: String) { get }
    /// The templates the channel renders: folder under `Templates/` → message names.
    var templates: [String: [String]] { get }

    /// The channel's configuration, or nil when its settings are absent (the channel is off).
    /// A value that is present but wrong is recorded in `reader`, never thrown.
    func configuration(from reader: inout SettingsReader, settings: IntakeSettings) -> Configuration?

    /// Builds the adapter. Its `ContactIntake` comes from `context.intake(adapter:channel:)`.
    func makeAdapter(_ configuration: Configuration, context: ChannelContext) async throws -> any ChannelAdapter

    /// Where a notice about the case of a contact of this channel goes (see `ReplyRoute`); nil
    /// when the resident cannot be reached. Default: the same channel, to the sender.
    func replyRoute(for contact: ContactEnvelope) -> ReplyRoute?
}

extension ChannelFactory {
    public var templates: [String: [String]] { [:] }
}
