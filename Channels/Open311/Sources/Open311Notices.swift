import AsyncHTTPClient
import Crypto
import Foundation
import IntakeChannel
import IntakeCore
import NIOCore

/// Notices about a client's requests (the reference that followed late, in progress, closed,
/// merged), POSTed as JSON to the client's notify URL from the api keys file.
///
/// The body is signed with HMAC-SHA256 keyed with the client's own api key (a secret the client
/// already holds): `X-Intake-Signature: sha256=<hex of the HMAC of the raw body>`. A client
/// without a notify URL gets nothing sent; it sees the change in `status_notes`.
struct Open311Notices: Sendable {
    static let signatureHeader = "X-Intake-Signature"

    let keys: Open311APIKeys
    let timeout: Duration
    let http: HTTPClient

    /// `sha256=` and the hex HMAC-SHA256 of `body` keyed with `key`.
    static func signature(of body: some Collection<UInt8>, key: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array(body), using: SymmetricKey(data: Array(key.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// The notice's JSON: what happened to which request, in the words the resident would read.
    static func body(of reply: ReplyMessage, client: String) throws -> [UInt8] {
        var o: [String: Any] = ["id": reply.id, "client": client, "language": reply.language, "text": reply.text,
                                "sent_at": ISO8601DateFormatter().string(from: Date())]
        if let ref = reply.caseRef { o["service_request_id"] = ref }
        if let contact = reply.contactID, contact.hasPrefix(Open311Contact.channel + ":") {
            o["token"] = String(contact.dropFirst(Open311Contact.channel.count + 1))
        }
        return Array(try JSONSerialization.data(withJSONObject: o, options: [.sortedKeys]))
    }

    /// Sends the notice, or does nothing when the client has no notify URL. A client no longer in
    /// the keys file, or a refusal, is an error (the host retries, then dead-letters it).
    func deliver(_ reply: ReplyMessage) async throws {
        guard let name = reply.to.address, let client = keys.client(named: name) else {
            throw ChannelError.deliveryFailed("no Open311 client \(reply.to.address ?? "(none)") in the api keys file")
        }
        guard let url = client.notifyURL else { return }
        let body = try Self.body(of: reply, client: client.name)
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: Self.signatureHeader, value: Self.signature(of: body, key: client.key))
        request.headers.add(name: "X-Intake-Notice-Id", value: reply.id)
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await http.execute(request, timeout: .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000
                                                                            + timeout.components.attoseconds / 1_000_000_000))
        _ = try? await response.body.collect(upTo: 1 << 16)
        guard (200..<300).contains(response.status.code) else {
            throw ChannelError.deliveryFailed("the notify URL of \(client.name) answered \(response.status.code)")
        }
    }
}
