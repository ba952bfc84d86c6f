/// Caller numbers as Twilio gives them: E.164 (`+15205550123`), or a withheld marker such as
/// `anonymous` or `+266696687` that cannot be called or texted back.
enum PhoneNumber {
    static let withheld: Set<String> = ["+266696687", "+7378742833", "+2562533", "+86282452253", "+8656696"]

    /// Whether a text message could reach this number.
    static func isReachable(_ number: String?) -> Bool {
        guard let n = number, n.hasPrefix("+"), (8...16).contains(n.count), !withheld.contains(n) else { return false }
        return n.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// The caller's key for the per-sender rate limit; nil for a withheld number (not limited by it).
    static func limitKey(_ number: String?) -> String? {
        guard let number, isReachable(number) else { return nil }
        return "phone:\(number)"
    }
}
