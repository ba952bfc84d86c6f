/// An answer in GeoReport v2's error shape: `[{"code": …, "description": …}]`, or
/// `<errors><error><code/><description/></error></errors>`. `code` is also the HTTP status.
struct Open311Failure: Error, Sendable, Equatable, CustomStringConvertible {
    var code: Int
    var message: String
    /// Seconds for `Retry-After` (a 429).
    var retryAfter: Int? = nil

    var description: String { "\(code) \(message)" }

    static func badRequest(_ m: String) -> Self { .init(code: 400, message: m) }
    static func forbidden(_ m: String) -> Self { .init(code: 403, message: m) }
    static func notFound(_ m: String) -> Self { .init(code: 404, message: m) }
    static func unavailable(_ m: String) -> Self { .init(code: 503, message: m) }
    static func tooManyRequests(_ m: String, retryAfter: Int) -> Self { .init(code: 429, message: m, retryAfter: retryAfter) }
}
