import Foundation
import HTTPTypes
public import Hummingbird
public import NIOCore

/// Who is calling a webhook, for rate limiting before the caller is verified: the first address
/// of `X-Forwarded-For` (or `X-Real-IP`) set by the reverse proxy in front of intake, or
/// `direct` when there is none.
public enum WebhookClient {
    public static func key(for request: Request) -> String {
        if let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!],
           let first = forwarded.split(separator: ",").first?.trimmingCharacters(in: .whitespaces), !first.isEmpty {
            return first
        }
        return request.headers[HTTPField.Name("X-Real-IP")!] ?? "direct"
    }

    /// As `key(for:)`, but a request with neither header is known by the connection's own
    /// address (`remote`, from `ChannelSocketContext`) instead of all sharing `direct`.
    public static func key(for request: Request, remote: SocketAddress?) -> String {
        let named = key(for: request)
        guard named == "direct", let ip = remote?.ipAddress else { return named }
        return ip
    }
}
