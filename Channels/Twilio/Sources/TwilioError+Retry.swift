public import IntakeChannel

extension TwilioError: ReplyFailureKind {
    /// Twilio's 4xx answers (400 with 21211 invalid number, 21610 unsubscribed, 21614 not a mobile
    /// number; 401/403 bad credentials) fail the same way on every try, except 429 (slow down).
    /// 5xx answers, timeouts and refused connections (other errors) are worth trying again.
    public var isPermanent: Bool {
        switch self {
        case .notConfigured: true
        case .rejected(let status, _): (400..<500).contains(status) && status != 429 && status != 408
        case .tooLarge: true
        }
    }
}
