public import AsyncHTTPClient
import Foundation
public import IntakeCore
import NIOCore
public import TwilioSupport

/// What a sink made of one delivery of an escalation.
public enum SinkOutcome: Sendable, Equatable {
    /// The 911 side has it; `acknowledgedBy` is set when its answer also acknowledged it.
    case delivered(acknowledgedBy: String?)
    case failed(String)
}

/// One way an escalation reaches a person at the 911 centre.
public protocol EscalationSink: Sendable {
    var name: String { get }
    /// Delivers, retrying as the sink sees fit until `deadline`.
    func deliver(_ alert: EscalationAlert, until deadline: ContinuousClock.Instant) async -> SinkOutcome
}

/// The CAD webhook: the alert as JSON (`intake.escalation-alert/1`), POSTed to `INTAKE_CAD_URL`,
/// signed (see `CADSignature`), retried with backoff (0.25 s doubling to 8 s) until a 2xx answer.
/// A 2xx body of `{"acknowledged": true, "by": "…"}` acknowledges the escalation at once.
public struct CADWebhookSink: EscalationSink {
    public var name: String { "cad" }
    let url: String
    let signature: CADSignature
    let http: HTTPClient

    public init(url: String, key: [UInt8], http: HTTPClient = .shared) {
        self.url = url
        self.signature = CADSignature(key: key)
        self.http = http
    }

    public func deliver(_ alert: EscalationAlert, until deadline: ContinuousClock.Instant) async -> SinkOutcome {
        let body = IntakeJSON.encode(alert)
        var wait = Duration.milliseconds(250)
        var last = "not tried"
        while !Task.isCancelled {
            do {
                let (status, answer) = try await post(body, escalationID: alert.id, attempt: alert.alerts)
                if (200..<300).contains(status) { return .delivered(acknowledgedBy: Self.acknowledgement(in: answer)) }
                last = "HTTP \(status)"
            } catch {
                last = "\(error)"
            }
            if ContinuousClock.now + wait > deadline { break }
            try? await Task.sleep(for: wait)
            wait = min(wait * 2, .seconds(8))
        }
        return .failed(last)
    }

    func post(_ body: [UInt8], escalationID: String, attempt: Int) async throws -> (Int, [UInt8]) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        let timestamp = Int(Date().timeIntervalSince1970)
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "intake311/\(IntakeVersion.current)")
        request.headers.add(name: CADSignature.timestampHeader, value: String(timestamp))
        request.headers.add(name: CADSignature.signatureHeader, value: signature.sign(body: body, timestamp: timestamp))
        request.headers.add(name: "X-Intake-Escalation-Id", value: escalationID)
        request.headers.add(name: "X-Intake-Alert", value: String(attempt))
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await http.execute(request, timeout: .seconds(10))
        let answer = try await response.body.collect(upTo: 1 << 16)
        return (Int(response.status.code), Array(answer.readableBytesView))
    }

    /// Who acknowledged, when the CAD's answer says `"acknowledged": true`.
    static func acknowledgement(in body: [UInt8]) -> String? {
        guard !body.isEmpty, case .object(let o)? = try? JSONReader.parse(body), o["acknowledged"] == .bool(true) else { return nil }
        if case .string(let by)? = o["by"], !by.isEmpty { return by }
        return "cad"
    }
}

/// The duty supervisor's phone: a short SMS through Twilio (`TwilioRESTClient`), retried with
/// backoff until Twilio accepts it: what, where, the callback number and the first 80 characters
/// of the resident's words, which the supervisor needs to judge the emergency.
public struct SupervisorSMSSink: EscalationSink {
    public var name: String { "sms" }
    let client: TwilioRESTClient
    let to: String
    let from: String?

    public init(twilio: TwilioSettings, to: String, from: String?) {
        self.client = TwilioRESTClient(twilio: twilio)
        self.to = to
        self.from = from
    }

    public func deliver(_ alert: EscalationAlert, until deadline: ContinuousClock.Instant) async -> SinkOutcome {
        let text = Self.text(alert)
        var wait = Duration.milliseconds(500)
        var last = "not tried"
        while !Task.isCancelled {
            do {
                _ = try await client.sendMessage(from: from, to: to, body: text)
                return .delivered(acknowledgedBy: nil)
            } catch {
                last = "\(error)"
            }
            if ContinuousClock.now + wait > deadline { break }
            try? await Task.sleep(for: wait)
            wait = min(wait * 2, .seconds(8))
        }
        return .failed(last)
    }

    static func text(_ alert: EscalationAlert) -> String {
        let e = alert.escalation
        var parts = ["311 \(e.review ? "POSSIBLE EMERGENCY (review)" : "EMERGENCY") via \(e.channel)"]
        if alert.alerts > 1 { parts[0] += ", alert \(alert.alerts), NOT YET ACKNOWLEDGED" }
        parts.append(e.reason)
        if let place = e.location?.text { parts.append("at \(place)") }
        if let words = e.text { parts.append("\"\(words.prefix(80))\"") }
        if let callback = e.callback { parts.append("callback \(callback)") }
        parts.append("id \(e.id)")
        return parts.joined(separator: " | ")
    }
}
