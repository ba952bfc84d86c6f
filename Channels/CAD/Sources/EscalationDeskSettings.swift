import Foundation
public import IntakeCore
public import TwilioSupport

/// What the escalation desk reads: which sinks deliver escalations to the 911 centre, where, and
/// how often an unacknowledged one alerts again.
public struct EscalationDeskSettings: Sendable {
    public enum SinkName: String, Sendable, CaseIterable {
        /// The CAD webhook: signed JSON over HTTP(S) to `INTAKE_CAD_URL`.
        case cad
        /// An SMS to the duty supervisor, `INTAKE_DUTY_SUPERVISOR_SMS`, through Twilio.
        case sms
    }

    public var sinks: [SinkName]
    public var cadURL: String?
    public var cadSigningKey: [UInt8]?
    public var supervisorNumber: String?
    public var supervisorFrom: String?
    public var twilio: TwilioSettings?
    public var realertInterval: Duration

    public static let specs: [SettingSpec] = [
        .init("INTAKE_ESCALATION_SINKS", "where escalations go, comma-separated: cad, sms", default: "every sink whose settings are present"),
        .init("INTAKE_CAD_URL", "the 911 centre's CAD webhook (HTTPS in production)", default: "none: no CAD sink"),
        .init("INTAKE_CAD_SIGNING_KEY_FILE", "HMAC-SHA256 key the CAD webhook is signed with", default: "$INTAKE_DATA_DIR/secrets/cad-signing-key"),
        .init("INTAKE_DUTY_SUPERVISOR_SMS", "the duty supervisor's phone, texted each escalation", default: "none: no SMS sink"),
        .init("INTAKE_DUTY_SUPERVISOR_SMS_FROM", "the number supervisor texts are sent from", default: "Twilio's default for the account"),
        .init("INTAKE_ESCALATION_REALERT_SECONDS", "an escalation unacknowledged this long is sent again", default: "60"),
    ]

    /// Nil when no sink is configured (the desk does not run); problems go to `reader`.
    public static func read(_ r: inout SettingsReader, settings: IntakeSettings) -> EscalationDeskSettings? {
        let cadURL = r.string("INTAKE_CAD_URL")
        if let cadURL, !(cadURL.hasPrefix("https://") || cadURL.hasPrefix("http://")) {
            r.report("INTAKE_CAD_URL", value: cadURL, expected: "an http(s) URL", fix: "set INTAKE_CAD_URL=https://cad.example/intake")
        }
        let keyPath = r.string("INTAKE_CAD_SIGNING_KEY_FILE", default: "\(settings.dataDirectory)/secrets/cad-signing-key")
        var key = (try? String(contentsOfFile: keyPath, encoding: .utf8)).map { Array($0.trimmingCharacters(in: .newlines).utf8) }
        if key?.isEmpty == true { key = nil }
        let supervisor = r.string("INTAKE_DUTY_SUPERVISOR_SMS")
        let twilio = TwilioSettings.read(&r, publicURL: settings.publicURL)
        let seconds = r.integer("INTAKE_ESCALATION_REALERT_SECONDS", default: 60, in: 1...86_400)

        var sinks: [SinkName] = []
        if let named = r.string("INTAKE_ESCALATION_SINKS") {
            for name in named.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !name.isEmpty {
                guard let sink = SinkName(rawValue: name) else {
                    r.report("INTAKE_ESCALATION_SINKS", value: named, expected: "cad, sms", fix: "name only cad and sms")
                    continue
                }
                if !sinks.contains(sink) { sinks.append(sink) }
            }
        } else {
            if cadURL != nil { sinks.append(.cad) }
            if supervisor != nil { sinks.append(.sms) }
        }
        if sinks.contains(.cad) {
            if cadURL == nil {
                r.report("INTAKE_CAD_URL", value: nil, expected: "the CAD webhook URL", fix: "set INTAKE_CAD_URL, or leave cad out of INTAKE_ESCALATION_SINKS")
            }
            if key == nil {
                r.report("INTAKE_CAD_SIGNING_KEY_FILE", value: keyPath, expected: "a readable, non-empty key file",
                         fix: "write a random key to \(keyPath) (Docker/stack.sh makes one) and give it to the CAD vendor")
            }
        }
        if sinks.contains(.sms) {
            if supervisor == nil {
                r.report("INTAKE_DUTY_SUPERVISOR_SMS", value: nil, expected: "the duty supervisor's phone number",
                         fix: "set INTAKE_DUTY_SUPERVISOR_SMS, or leave sms out of INTAKE_ESCALATION_SINKS")
            }
            if twilio?.accountSID == nil || twilio?.authToken == nil {
                r.report("INTAKE_TWILIO_ACCOUNT_SID", value: nil, expected: "a Twilio account to text the supervisor from",
                         fix: "set INTAKE_TWILIO_ACCOUNT_SID and INTAKE_TWILIO_AUTH_TOKEN")
            }
        }
        guard !sinks.isEmpty else { return nil }
        return EscalationDeskSettings(sinks: sinks, cadURL: cadURL, cadSigningKey: key, supervisorNumber: supervisor,
                                      supervisorFrom: r.string("INTAKE_DUTY_SUPERVISOR_SMS_FROM"), twilio: twilio,
                                      realertInterval: .seconds(seconds))
    }
}
