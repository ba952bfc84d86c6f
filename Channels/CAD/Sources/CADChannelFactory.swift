import Foundation
public import IntakeChannel
public import IntakeCore

/// The 911 centre's link as a plugin: on when its tokens file (`INTAKE_911_TOKENS_FILE`,
/// default `$INTAKE_DATA_DIR/secrets/911-tokens`) exists.
public struct CADChannelFactory: ChannelFactory {
    public init() {}

    public var name: String { HandoffRequest.channel }
    public var settings: [SettingSpec] {
        [.init("INTAKE_911_TOKENS_FILE", "SHA-256 hashes of the 911 centre's bearer tokens, one a line (handoff and acknowledgement routes)",
               default: "$INTAKE_DATA_DIR/secrets/911-tokens")] + EscalationDeskSettings.specs
    }
    public var enablingSetting: (key: String, fix: String) {
        ("INTAKE_911_TOKENS_FILE", "write the SHA-256 of the 911 centre's token to $INTAKE_DATA_DIR/secrets/911-tokens (Docker/stack.sh makes one)")
    }

    public func configuration(from reader: inout SettingsReader, settings: IntakeSettings) -> CentreTokens? {
        let path = reader.string("INTAKE_911_TOKENS_FILE", default: "\(settings.dataDirectory)/secrets/911-tokens")
        guard FileManager.default.fileExists(atPath: path) else {
            if reader.isSet("INTAKE_911_TOKENS_FILE") {
                reader.report("INTAKE_911_TOKENS_FILE", value: path, expected: "a readable tokens file", fix: enablingSetting.fix)
            }
            return nil
        }
        do {
            return try CentreTokens(path: path)
        } catch {
            reader.report("INTAKE_911_TOKENS_FILE", value: path, expected: "\(error)", fix: enablingSetting.fix)
            return nil
        }
    }

    public func makeAdapter(_ configuration: CentreTokens, context: ChannelContext) async throws -> any ChannelAdapter {
        CADChannel(intake: try context.intake(adapter: HandoffRequest.adapter, channel: HandoffRequest.channel),
                   tokens: configuration, bus: context.bus, topics: context.settings.topics, logger: context.logger)
    }
}
