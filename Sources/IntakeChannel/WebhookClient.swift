import Foundation
import HTTPTypes
public import Hummingbird

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
}
