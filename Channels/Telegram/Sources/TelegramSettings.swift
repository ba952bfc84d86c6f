public import IntakeCore

/// What the Telegram channel reads. It is on when `INTAKE_TELEGRAM_SECRET` is set.
public struct TelegramSettings: Sendable {
    /// `INTAKE_TELEGRAM_SECRET`: the `secret_token` given to `setWebhook`; Telegram sends it in
    /// `X-Telegram-Bot-Api-Secret-Token` with every update.
    public var secret: String
    /// `INTAKE_TELEGRAM_BOT_TOKEN`: the bot's token from @BotFather, for `sendMessage` and `getFile`.
    public var botToken: String?
    /// `INTAKE_TELEGRAM_API_URL`: the Bot API base. Default `https://api.telegram.org`.
    public var apiURL: String
    /// `INTAKE_TELEGRAM_RATE_PER_MINUTE`: updates one chat may send per minute (and at once).
    public var ratePerMinute: Int

    public static let enablingKey = "INTAKE_TELEGRAM_SECRET"
    public static let enablingFix =
        "set INTAKE_TELEGRAM_SECRET to the secret_token given to setWebhook (1-256 characters: A-Z, a-z, 0-9, _ and -)"

    public static let specs: [SettingSpec] = [
        .init("INTAKE_TELEGRAM_SECRET", "the secret_token of the bot's setWebhook; the Telegram channel is on when it is set",
              default: "none: Telegram off", secret: true),
        .init("INTAKE_TELEGRAM_BOT_TOKEN", "the bot's token from @BotFather, to answer residents and fetch their photos",
              default: "none (needed when Telegram is on)", secret: true),
        .init("INTAKE_TELEGRAM_API_URL", "Telegram Bot API base for sendMessage, getFile and file downloads", default: "https://api.telegram.org"),
        .init("INTAKE_TELEGRAM_RATE_PER_MINUTE", "updates one chat may send per minute before it is answered 429", default: "20"),
    ]

    public init(secret: String, botToken: String?, apiURL: String = "https://api.telegram.org", ratePerMinute: Int = 20) {
        self.secret = secret
        self.botToken = botToken
        self.apiURL = apiURL
        self.ratePerMinute = ratePerMinute
    }

    /// Nil when `INTAKE_TELEGRAM_SECRET` is not set: the channel is off.
    public static func read(_ r: inout SettingsReader) -> TelegramSettings? {
        let apiURL = r.httpURL("INTAKE_TELEGRAM_API_URL", default: "https://api.telegram.org")
        let rate = r.integer("INTAKE_TELEGRAM_RATE_PER_MINUTE", default: 20, in: 1...10_000)
        guard let secret = r.string("INTAKE_TELEGRAM_SECRET") else { return nil }
        if secret.isEmpty || secret.count > 256 || !secret.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) {
            r.report("INTAKE_TELEGRAM_SECRET", value: "(\(secret.count) characters)", expected: "1-256 characters: A-Z, a-z, 0-9, _ and -",
                     fix: "choose a secret Telegram accepts as setWebhook's secret_token")
        }
        let token = r.string("INTAKE_TELEGRAM_BOT_TOKEN")
        if token == nil {
            r.report("INTAKE_TELEGRAM_BOT_TOKEN", value: nil, expected: "the bot's token (123456:ABC-...)",
                     fix: "set INTAKE_TELEGRAM_BOT_TOKEN to the token @BotFather gave; without it residents get no answer")
        }
        return TelegramSettings(secret: secret, botToken: token, apiURL: apiURL, ratePerMinute: rate)
    }
}
