public import Hummingbird
public import IntakeCore
import HTTPTypes
public import Logging
import Metrics

/// The checks every Twilio webhook route shares: size, signature, form body.
///
/// A request that fails them never reaches the spool: 403 for a missing or wrong signature, 400
/// for a body that is not a form, 413 for one too large.
public struct TwilioWebhook: Sendable {
    /// Twilio's own limit on a request is far below this; anything larger is not from Twilio.
    public static let maxBodyBytes = 256 * 1024

    let signature: TwilioSignature?
    let publicURL: String
    let channel: String
    let logger: Logger

    /// Refuses to exist without a signing secret, unless signatures are explicitly off (demo only).
    public init(twilio: TwilioSettings, channel: String, logger: Logger) throws(SettingsError) {
        if let token = twilio.authToken {
            signature = TwilioSignature(authToken: token)
        } else if twilio.signaturesDisabled {
            logger.warning("INTAKE_TWILIO_SIGNATURES=off: \(channel) webhooks are NOT verified; never run a public endpoint like this")
            signature = nil
        } else {
            throw .missing(key: TwilioSettings.enablingKey, why: "Twilio routes refuse to start without it (INTAKE_TWILIO_SIGNATURES=off turns checks off for a local demo)")
        }
        publicURL = twilio.publicURL
        self.channel = channel
        self.logger = logger
    }

    /// The URL Twilio called, as Twilio saw it: the public base URL with this request's path and query.
    public func signedURL(for request: Request) -> String {
        publicURL + request.uri.path + (request.uri.query.map { "?\($0)" } ?? "")
    }

    /// Reads the body, checks the signature, and returns the form parameters.
    public func verify(_ request: Request) async throws -> FormBody {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: Self.maxBodyBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            reject("too_large")
            throw HTTPError(.contentTooLarge, message: "request body over \(Self.maxBodyBytes) bytes")
        } catch {
            // The body stopped before its Content-Length (the client closed, or the read timed out).
            reject("truncated")
            throw HTTPError(.badRequest, message: "request body cut short: \(error)")
        }
        let bytes = Array(buffer.readableBytesView)
        let contentType = request.headers[.contentType] ?? ""
        let isForm = contentType.lowercased().hasPrefix("application/x-www-form-urlencoded")
        let form: FormBody
        if isForm {
            do {
                form = try FormBody(parsing: bytes)
            } catch {
                // Checked before the signature so the answer says what is wrong, but only a
                // signed request could ever have been accepted.
                reject("malformed")
                throw HTTPError(.badRequest, message: "malformed form body: \(error)")
            }
        } else if TwilioSignature.queryValue(named: "bodySHA256", in: request.uri.string) != nil {
            form = FormBody(pairs: [])
        } else {
            reject("malformed")
            throw HTTPError(.badRequest, message: "expected application/x-www-form-urlencoded, got \(contentType.isEmpty ? "no content type" : contentType)")
        }
        if let signature {
            guard let given = request.headers[HTTPField.Name(TwilioSignature.header)!], !given.isEmpty else {
                reject("unsigned")
                throw HTTPError(.forbidden, message: "missing \(TwilioSignature.header)")
            }
            guard signature.isValid(signature: given, url: signedURL(for: request), parameters: form.pairs, rawBody: isForm ? nil : bytes) else {
                reject("bad_signature")
                logger.warning("refused a \(channel) webhook with a bad signature", metadata: ["path": .string(request.uri.path)])
                throw HTTPError(.forbidden, message: "signature does not match (is INTAKE_PUBLIC_URL the URL Twilio calls?)")
            }
        }
        guard isForm else {
            reject("malformed")
            throw HTTPError(.badRequest, message: "expected a form body")
        }
        return form
    }

    private func reject(_ reason: String) {
        Counter(label: "intake_channel_rejected_total", dimensions: [("channel", channel), ("reason", reason)]).increment()
    }
}
