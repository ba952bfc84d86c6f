public import IntakeCore

/// The Twilio account the SMS and voice channels share. Either channel is on when the webhook
/// signing secret is set, or when signature checks are explicitly off for a local demo.
public struct TwilioSettings: Sendable {
    /// `INTAKE_TWILIO_AUTH_TOKEN`: Twilio's webhook signing secret (and the REST API password).
    public var authToken: String?
    /// `INTAKE_TWILIO_SIGNATURES=off` turns signature checks off, for a local demo only.
    public var signaturesDisabled: Bool
    /// `INTAKE_TWILIO_ACCOUNT_SID`: the account outbound messages are sent from.
    public var accountSID: String?
    /// `INTAKE_TWILIO_API_URL`: the Twilio REST base. Default `https://api.twilio.com`.
    public var apiURL: String
    /// `INTAKE_PUBLIC_URL`, which Twilio signs requests over.
    public var publicURL: String

    public static let enablingKey = "INTAKE_TWILIO_AUTH_TOKEN"

    public static let specs: [SettingSpec] = [
        .init("INTAKE_TWILIO_AUTH_TOKEN", "Twilio webhook signing secret; SMS and voice are on when it is set", default: "none: SMS and voice off", secret: true),
        .init("INTAKE_TWILIO_SIGNATURES", "off turns Twilio signature checks off, for a local demo only (the channels then run without a token)", default: "on"),
        .init("INTAKE_TWILIO_ACCOUNT_SID", "the Twilio account outbound SMS are sent from", default: "none: no outbound SMS"),
        .init("INTAKE_TWILIO_API_URL", "Twilio REST base for outbound SMS and media", default: "https://api.twilio.com"),
    ]

    /// The fix `intake config check` gives when a Twilio channel is wanted without a token.
    public static let enablingFix =
        "set INTAKE_TWILIO_AUTH_TOKEN to the Twilio account's auth token (or INTAKE_TWILIO_SIGNATURES=off for a local demo only)"

    public init(authToken: String?, signaturesDisabled: Bool = false, accountSID: String? = nil,
                apiURL: String = "https://api.twilio.com", publicURL: String) {
        self.authToken = authToken
        self.signaturesDisabled = signaturesDisabled
        self.accountSID = accountSID
        self.apiURL = apiURL
        self.publicURL = publicURL
    }

    /// Nil when neither a token nor `INTAKE_TWILIO_SIGNATURES=off` is set: the Twilio channels are off.
    public static func read(_ r: inout SettingsReader, publicURL: String) -> TwilioSettings? {
        let disabled = !r.flag("INTAKE_TWILIO_SIGNATURES", default: true)
        let apiURL = r.httpURL("INTAKE_TWILIO_API_URL", default: "https://api.twilio.com")
        let token = r.string("INTAKE_TWILIO_AUTH_TOKEN")
        guard token != nil || disabled else { return nil }
        return TwilioSettings(authToken: token, signaturesDisabled: disabled, accountSID: r.string("INTAKE_TWILIO_ACCOUNT_SID"),
                              apiURL: apiURL, publicURL: publicURL)
    }
}
