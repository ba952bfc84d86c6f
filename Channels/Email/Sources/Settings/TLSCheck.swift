import CEtpan

/// How a mail server's certificate is checked: against the system's trust store, or a CA file of
/// the city's own (`INTAKE_EMAIL_TLS_CA_FILE`); `INTAKE_EMAIL_TLS_VERIFY=off` skips it (tests only).
public struct TLSCheck: Sendable, Equatable {
    public var verify: Bool
    public var caFile: String?

    public init(verify: Bool = true, caFile: String? = nil) {
        self.verify = verify
        self.caFile = caFile
    }

    /// Throws when the stream's certificate is not valid for `host`.
    func check(_ stream: UnsafeMutablePointer<mailstream>?, host: String) throws {
        guard verify else { return }
        var reason = [CChar](repeating: 0, count: 512)
        let r = intake_tls_verify(stream, host, caFile, &reason, reason.count)
        if r != 0 {
            throw MailSessionError.connect("\(host): the server's certificate is not valid (\(String(cString: reason)))")
        }
    }
}
