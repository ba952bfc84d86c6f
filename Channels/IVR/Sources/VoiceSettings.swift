public import IntakeCore
public import TwilioSupport

/// What the voice channel reads: the Twilio account it shares with SMS, and where it transfers
/// emergencies.
public struct VoiceSettings: Sendable {
    public var twilio: TwilioSettings
    /// `INTAKE_911_NUMBER`: where the IVR transfers emergencies. Default `911`.
    public var emergencyNumber: String

    public init(twilio: TwilioSettings, emergencyNumber: String = "911") {
        self.twilio = twilio
        self.emergencyNumber = emergencyNumber
    }

    public static let specs: [SettingSpec] = TwilioSettings.specs + [
        .init("INTAKE_911_NUMBER", "where the IVR transfers emergencies", default: "911"),
    ]

    public static func read(_ r: inout SettingsReader, publicURL: String) -> VoiceSettings? {
        let number = r.string("INTAKE_911_NUMBER", default: "911")
        if !number.allSatisfy({ $0.isNumber || $0 == "+" }) {
            r.report("INTAKE_911_NUMBER", value: number, expected: "a dialable number such as 911 or +15205550100",
                     fix: "set INTAKE_911_NUMBER to digits only, or unset it for 911")
        }
        guard let twilio = TwilioSettings.read(&r, publicURL: publicURL) else { return nil }
        return VoiceSettings(twilio: twilio, emergencyNumber: number)
    }
}
