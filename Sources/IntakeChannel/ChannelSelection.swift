public import IntakeCore

/// Which channels a process runs, decided from the settings before anything starts.
///
/// With `INTAKE_CHANNELS` unset, a channel is on when its settings are present and off
/// otherwise. With it set, exactly the named channels run, and one named without its settings is
/// a problem that names the missing setting.
public struct ChannelSelection: Sendable {
    public struct Chosen: Sendable {
        public let factory: any ChannelFactory
        public let configuration: any Sendable
    }

    /// The channels that will run, with their configurations.
    public private(set) var on: [Chosen] = []
    /// The channels that will not, with the reason (for the one start-up line each).
    public private(set) var off: [(name: String, reason: String)] = []
    public private(set) var problems: [SettingProblem] = []

    public init(factories: [any ChannelFactory], settings: IntakeSettings) {
        var reader = SettingsReader(settings.values)
        let known = factories.map(\.name)
        let wanted = settings.channels
        for name in wanted ?? [] where !known.contains(name) {
            reader.report("INTAKE_CHANNELS", value: settings.values["INTAKE_CHANNELS"],
                          expected: "channel names from: \(known.joined(separator: ", "))",
                          fix: "remove \(name), or build intake with that channel (intake new-channel)")
        }
        for factory in factories {
            let named = wanted?.contains(factory.name)
            if named == false {
                off.append((factory.name, "not in INTAKE_CHANNELS"))
                continue
            }
            if let configuration = Self.configure(factory, &reader, settings) {
                on.append(Chosen(factory: factory, configuration: configuration))
            } else if named == true {
                let (key, fix) = factory.enablingSetting
                reader.report(key, value: nil, expected: "a value, since INTAKE_CHANNELS names \(factory.name)", fix: fix)
            } else {
                off.append((factory.name, "\(factory.enablingSetting.key) is not set"))
            }
        }
        problems = reader.problems
    }

    private static func configure<F: ChannelFactory>(_ f: F, _ r: inout SettingsReader, _ s: IntakeSettings) -> (any Sendable)? {
        f.configuration(from: &r, settings: s)
    }

    /// Builds the adapter of a chosen channel.
    public static func make(_ chosen: Chosen, context: ChannelContext) async throws -> any ChannelAdapter {
        try await make(chosen.factory, chosen.configuration, context)
    }

    private static func make<F: ChannelFactory>(_ f: F, _ configuration: any Sendable, _ context: ChannelContext) async throws -> any ChannelAdapter {
        guard let c = configuration as? F.Configuration else {
            preconditionFailure("the \(f.name) channel was chosen with another channel's configuration")
        }
        return try await f.makeAdapter(c, context: context)
    }
}
