import Crypto
import Foundation
import IntakeChannel

/// Twilio's webhook signature (`X-Twilio-Signature`):
/// base64(HMAC-SHA1(auth token, full URL + every POST parameter's key and value, sorted by key then value)).
///
/// Verification follows Twilio's own validators: the URL is tried with and without its port
/// (Twilio may sign either), `'` and `%27` are interchangeable, and a JSON body is covered by the
/// `bodySHA256` query parameter instead of by parameters. Comparisons are constant-time.
public struct TwilioSignature: Sendable {
    public static let header = "X-Twilio-Signature"
    private let key: SymmetricKey

    public init(authToken: String) {
        key = SymmetricKey(data: Array(authToken.utf8))
    }

    /// The signature Twilio would send for this URL and these form parameters.
    public func compute(url: String, parameters: [(String, String)]) -> String {
        // Sorted by bytes (Twilio's order), compared without copying, and signed in one update.
        let sorted = parameters.sorted { a, b in
            a.0 != b.0 ? a.0.utf8.lexicographicallyPrecedes(b.0.utf8) : a.1.utf8.lexicographicallyPrecedes(b.1.utf8)
        }
        var signed: [UInt8] = []
        signed.reserveCapacity(url.utf8.count + sorted.reduce(0) { $0 + $1.0.utf8.count + $1.1.utf8.count })
        signed += url.utf8
        for (k, v) in sorted {
            signed += k.utf8
            signed += v.utf8
        }
        return Data(HMAC<Insecure.SHA1>.authenticationCode(for: signed, using: key)).base64EncodedString()
    }

    /// Whether `signature` is Twilio's for a request to `url` with these form parameters (or, for a
    /// JSON webhook, this raw body).
    public func isValid(signature: String, url: String, parameters: [(String, String)], rawBody: [UInt8]? = nil) -> Bool {
        var params = parameters
        var bodyHashValid = true
        if let expected = Self.queryValue(named: "bodySHA256", in: url) {
            let actual = SHA256.hash(data: rawBody ?? []).map { String(format: "%02x", $0) }.joined()
            bodyHashValid = ConstantTime.equals(actual, expected.lowercased())
            params = []
        }
        // Each comparison is constant-time. Which URL form matched is no secret (they are all
        // public), so the usual case, the URL as called, is tried first and alone.
        let valid = ConstantTime.equals(compute(url: url, parameters: params), signature)
            || Self.candidateURLs(url).dropFirst().contains { ConstantTime.equals(compute(url: $0, parameters: params), signature) }
        return valid && bodyHashValid
    }

    /// The URL as given, with the scheme's default port added, and with its port removed; each
    /// also with `'` and `%27` swapped.
    static func candidateURLs(_ url: String) -> [String] {
        var out: [String] = [url]
        if let parts = URLParts(url) {
            out.append(parts.with(port: parts.port ?? parts.defaultPort))
            out.append(parts.with(port: nil))
        }
        for u in out {
            out.append(u.replacingOccurrences(of: "'", with: "%27"))
            out.append(u.replacingOccurrences(of: "%27", with: "'"))
        }
        var seen = Set<String>()
        return out.filter { seen.insert($0).inserted }
    }

    static func queryValue(named name: String, in url: String) -> String? {
        guard let q = url.firstIndex(of: "?") else { return nil }
        let query = url[url.index(after: q)...].split(separator: "#").first ?? ""
        for pair in query.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1)
            if kv.first.map(String.init) == name { return kv.count > 1 ? String(kv[1]).removingPercentEncoding : "" }
        }
        return nil
    }
}

/// `scheme://[userinfo@]host[:port]rest`, split by hand so that the rest of the URL keeps its
/// exact bytes (re-encoding would change what was signed).
struct URLParts {
    var scheme: String
    var userinfo: String?
    var host: String
    var port: Int?
    var rest: String

    init?(_ url: String) {
        guard let sep = url.range(of: "://") else { return nil }
        scheme = String(url[..<sep.lowerBound]).lowercased()
        let afterScheme = url[sep.upperBound...]
        let authorityEnd = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? afterScheme.endIndex
        var authority = afterScheme[..<authorityEnd]
        rest = String(afterScheme[authorityEnd...])
        if let at = authority.lastIndex(of: "@") {
            userinfo = String(authority[..<at])
            authority = authority[authority.index(after: at)...]
        }
        if let colon = authority.lastIndex(of: ":"), !authority[colon...].contains("]") {
            guard let p = Int(authority[authority.index(after: colon)...]) else { return nil }
            port = p
            host = String(authority[..<colon])
        } else {
            host = String(authority)
        }
    }

    var defaultPort: Int { scheme == "https" ? 443 : 80 }

    func with(port: Int?) -> String {
        "\(scheme)://\(userinfo.map { "\($0)@" } ?? "")\(host)\(port.map { ":\($0)" } ?? "")\(rest)"
    }
}
