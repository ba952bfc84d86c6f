/// How much the intake takes before it pushes back, and how long it waits for slow clients.
///
/// - `INTAKE_SPOOL_MAX_CONTACTS`: contacts one adapter's spool holds while they wait for a receipt;
///   past it webhooks answer 503 with `Retry-After` and `/health` answers 503. Default 100000.
/// - `INTAKE_SPOOL_MAX_BYTES`: the same limit in payload bytes. Default 536870912 (512 MiB).
/// - `INTAKE_RETRY_AFTER_SECONDS`: what a 503 tells the provider to wait. Default 30.
/// - `INTAKE_HTTP_READ_TIMEOUT_SECONDS`: a request's head and body must arrive within this; a
///   slower one is answered 400 (body cut short) or its connection closed. Default 30.
/// - `INTAKE_HTTP_IDLE_TIMEOUT_SECONDS`: a connection with no request this long is closed. Default 60.
/// - `INTAKE_SENDER_RATE_PER_MINUTE`: contacts one sender (a phone number, a caller) may send per
///   minute on a channel (and at once) before it is answered 429 with `Retry-After`. Default 20.
public struct IntakeLimits: Sendable, Equatable {
    public var spoolMaxContacts: Int
    public var spoolMaxBytes: Int
    public var retryAfterSeconds: Int
    public var httpReadTimeout: Duration
    public var httpIdleTimeout: Duration
    public var senderRatePerMinute: Int

    public static let specs: [SettingSpec] = [
        .init("INTAKE_SPOOL_MAX_CONTACTS", "contacts an adapter's spool holds awaiting receipts; past it webhooks and /health answer 503", default: "100000"),
        .init("INTAKE_SPOOL_MAX_BYTES", "the same limit in bytes of contacts awaiting receipts", default: "536870912"),
        .init("INTAKE_RETRY_AFTER_SECONDS", "the Retry-After of a 503 (spool full, disk full)", default: "30"),
        .init("INTAKE_HTTP_READ_TIMEOUT_SECONDS", "time a request's head and body have to arrive", default: "30"),
        .init("INTAKE_HTTP_IDLE_TIMEOUT_SECONDS", "an HTTP connection with no request this long is closed", default: "60"),
        .init("INTAKE_SENDER_RATE_PER_MINUTE", "contacts one sender may send per minute on SMS, voice, Open311 and email before it is refused or put off", default: "20"),
    ]

    public init(reading r: inout SettingsReader) {
        spoolMaxContacts = r.integer("INTAKE_SPOOL_MAX_CONTACTS", default: 100_000, in: 1...100_000_000)
        spoolMaxBytes = r.integer("INTAKE_SPOOL_MAX_BYTES", default: 512 << 20, in: 1024...(1 << 50))
        retryAfterSeconds = r.integer("INTAKE_RETRY_AFTER_SECONDS", default: 30, in: 1...86_400)
        httpReadTimeout = .seconds(r.integer("INTAKE_HTTP_READ_TIMEOUT_SECONDS", default: 30, in: 1...3_600))
        httpIdleTimeout = .seconds(r.integer("INTAKE_HTTP_IDLE_TIMEOUT_SECONDS", default: 60, in: 1...86_400))
        senderRatePerMinute = r.integer("INTAKE_SENDER_RATE_PER_MINUTE", default: 20, in: 1...100_000)
    }
}
