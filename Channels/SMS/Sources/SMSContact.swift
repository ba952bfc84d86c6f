public import Foundation
public import IntakeCore
public import TwilioSupport

/// Turns a Twilio Messaging webhook into a contact.
public enum SMSContact {
    public static let channel = "sms"
    public static let adapter = "twilio-sms"

    /// Parameters that have a field of their own in the envelope.
    static let mapped: Set<String> = ["Body", "From"]

    /// Builds the envelope; fails when Twilio's required parameters are missing.
    /// `language` is the number's configured language (`?lang=es` on the webhook URL), if any.
    public static func envelope(
        from form: FormBody, language: String?, caseReferencePrefix: String,
        attachments: [Attachment] = [], receivedAt: Date = Date()
    ) throws(SMSContactError) -> ContactEnvelope {
        guard let sid = form["MessageSid"] ?? form["SmsMessageSid"] ?? form["SmsSid"], !sid.isEmpty else {
            throw .missing("MessageSid")
        }
        guard sid.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { throw .invalid("MessageSid") }
        guard let from = form["From"], !from.isEmpty else { throw .missing("From") }
        let body = form["Body"] ?? ""
        var data: [String: JSONValue] = [:]
        for (k, v) in form.pairs where !mapped.contains(k) {
            data[k] = .string(v)
        }
        return ContactEnvelope(
            id: "sms:\(sid)",
            channel: channel,
            adapter: adapter,
            externalID: sid,
            receivedAt: receivedAt,
            sender: Sender(kind: .phone, address: from),
            conversation: "sms:\(from)",
            caseRef: CaseReference.first(in: body, prefix: caseReferencePrefix)?.description,
            language: language ?? LanguageGuess.language(of: body),
            text: body,
            attachments: attachments,
            channelData: data)
    }
}

public enum SMSContactError: Error, CustomStringConvertible, Equatable {
    case missing(String)
    case invalid(String)

    public var description: String {
        switch self {
        case .missing(let p): "the webhook has no \(p)"
        case .invalid(let p): "the webhook's \(p) is not valid"
        }
    }
}
