public import IntakeCore

/// What the WhatsApp channel reads. It is on when `INTAKE_WHATSAPP_APP_SECRET` is set.
public struct WhatsAppSettings: Sendable {
    /// `INTAKE_WHATSAPP_APP_SECRET`: the Meta app's secret, which signs every webhook POST.
    public var appSecret: String
    /// `INTAKE_WHATSAPP_VERIFY_TOKEN`: the token typed in the app's webhook setup, echoed back in
    /// the GET handshake.
    public var verifyToken: String
    /// `INTAKE_WHATSAPP_TOKEN`: the access token for sending messages and fetching media.
    public var accessToken: String
    /// `INTAKE_WHATSAPP_API_URL`: the Graph API base with its version.
    public var apiURL: String
    /// `INTAKE_WHATSAPP_RATE_PER_MINUTE`: messages one number may send per minute (and at once).
    public var ratePerMinute: Int

    public static let defaultAPIURL = "https://graph.facebook.com/v21.0"
    public static let enablingKey = "INTAKE_WHATSAPP_APP_SECRET"
    public static let enablingFix =
        "set INTAKE_WHATSAPP_APP_SECRET to the Meta app's secret (App settings → Basic), with INTAKE_WHATSAPP_VERIFY_TOKEN and INTAKE_WHATSAPP_TOKEN"

    public static let specs: [SettingSpec] = [
        .init("INTAKE_WHATSAPP_APP_SECRET", "the Meta app secret that signs WhatsApp webhooks (X-Hub-Signature-256); WhatsApp is on when it is set",
              default: "none: WhatsApp off", secret: true),
        .init("INTAKE_WHATSAPP_VERIFY_TOKEN", "the verify token of the webhook's GET handshake (hub.verify_token)", default: "none (needed when WhatsApp is on)", secret: true),
        .init("INTAKE_WHATSAPP_TOKEN", "the Cloud API access token, to answer residents and fetch their images", default: "none (needed when WhatsApp is on)", secret: true),
        .init("INTAKE_WHATSAPP_API_URL", "Graph API base for messages and media", default: defaultAPIURL),
        .init("INTAKE_WHATSAPP_RATE_PER_MINUTE", "messages one number may send per minute before the webhook answers 429", default: "20"),
    ]

    public init(appSecret: String, verifyToken: String, accessToken: String, apiURL: String = defaultAPIURL, ratePerMinute: Int = 20) {
        self.appSecret = appSecret
        self.verifyToken = verifyToken
        self.accessToken = accessToken
        self.apiURL = apiURL
        self.ratePerMinute = ratePerMinute
    }

    /// Nil when `INTAKE_WHATSAPP_APP_SECRET` is not set: the channel is off.
    public static func read(_ r: inout SettingsReader) -> WhatsAppSettings? {
        let apiURL = r.httpURL("INTAKE_WHATSAPP_API_URL", default: defaultAPIURL)
        let rate = r.integer("INTAKE_WHATSAPP_RATE_PER_MINUTE", default: 20, in: 1...10_000)
        guard let secret = r.string("INTAKE_WHATSAPP_APP_SECRET") else { return nil }
        if secret.count < 16 {
            r.report("INTAKE_WHATSAPP_APP_SECRET", value: "(\(secret.count) characters)", expected: "the app secret (32 hex digits)",
                     fix: "copy the App Secret from the Meta app's Basic settings")
        }
        let verify = r.string("INTAKE_WHATSAPP_VERIFY_TOKEN")
        if verify?.isEmpty != false {
            r.report("INTAKE_WHATSAPP_VERIFY_TOKEN", value: nil, expected: "the verify token typed in the webhook setup",
                     fix: "set INTAKE_WHATSAPP_VERIFY_TOKEN to the token given to Meta with the callback URL")
        }
        let token = r.string("INTAKE_WHATSAPP_TOKEN")
        if token?.isEmpty != false {
            r.report("INTAKE_WHATSAPP_TOKEN", value: nil, expected: "a Cloud API access token",
                     fix: "set INTAKE_WHATSAPP_TOKEN to a system user's access token; without it residents get no answer")
        }
        return WhatsAppSettings(appSecret: secret, verifyToken: verify ?? "", accessToken: token ?? "", apiURL: apiURL, ratePerMinute: rate)
    }
}
