public import IntakeCore
public import TwilioSupport

/// Turns a call's state into the one contact it makes.
///
/// The id comes from the CallSid (`voice:CA…`), so every revision of the contact (the voice
/// message and its transcription arrive after the call) replaces the same one.
public enum VoiceContact {
    public static let channel = "voice"
    public static let adapter = "twilio-voice"

    public static func id(callSID: String) -> String { "voice:\(callSID)" }

    /// Start parameters kept in `channel_data`: not those with a field of their own (`From` and its
    /// twin `Caller`), nor the per-request ones.
    static let notKept: Set<String> = ["From", "Caller", "CallSid", "CallStatus", "CallToken", "AddOns", "Digits",
                                       "SpeechResult", "Confidence", "Direction", "ApiVersion"]

    /// What the start request carries that the contact keeps (`To`, the caller's city and state …).
    public static func providerData(from form: FormBody) -> [String: String] {
        var out: [String: String] = [:]
        for (k, v) in form.pairs where !notKept.contains(k) && !v.isEmpty { out[k] = v }
        return out
    }

    /// The contact for this call as it stands, or nil when it gave nothing to report.
    ///
    /// A location or description still only heard (the caller hung up at the read-back or while
    /// being asked again) is taken as it is, marked unconfirmed.
    public static func envelope(from s: CallState, revision: Int) -> ContactEnvelope? {
        let description = s.description ?? s.descriptionGuess
        let location = s.location ?? s.candidateLocation
        guard description != nil || s.voicemail?.recordingURL != nil else { return nil }

        var data: [String: JSONValue] = s.providerData.mapValues { .string($0) }
        var ivr: [String: JSONValue] = [
            "location_confirmed": .bool(s.location != nil && s.locationConfirmed),
            "description_confirmed": .bool(s.description != nil),
            "step": .string(s.step.rawValue),
        ]
        if let c = location?.confidence { ivr["location_confidence"] = .number(c) }
        if let c = description?.confidence { ivr["description_confidence"] = .number(c) }
        if let end = s.ended { ivr["ended"] = .string(end.status) }
        data["ivr"] = .object(ivr)
        data["reference_read_back"] = .bool(s.submission?.referenceReadBack ?? false)
        if let v = s.voicemail { data["voicemail"] = voicemailData(v) }
        if s.askedQuestion == true { data[ContactEnvelope.askedAsQuestionKey] = .bool(true) }

        var contact = ContactEnvelope(
            id: id(callSID: s.callSID),
            channel: channel,
            adapter: adapter,
            externalID: s.callSID,
            receivedAt: s.startedAt,
            sender: PhoneNumber.isReachable(s.caller) ? Sender(kind: .phone, address: s.caller) : Sender(kind: .anonymous, address: nil),
            conversation: s.callSID,
            language: s.language,
            // Without a spoken description, the message's transcription stands for it.
            text: description?.text ?? s.voicemail?.transcription ?? "",
            location: location.map { Location(text: $0.text, source: .resident) },
            attachments: s.voicemail?.attachment.map { [$0] } ?? [],
            channelData: data)
        contact.revision = revision
        return contact
    }

    static func voicemailData(_ v: Voicemail) -> JSONValue {
        var out: [String: JSONValue] = [:]
        if let sid = v.recordingSID { out["recording_sid"] = .string(sid) }
        if let url = v.recordingURL { out["recording_url"] = .string(url) }
        if let d = v.durationSeconds { out["duration_seconds"] = .number(Double(d)) }
        if let why = v.unfetched { out["unfetched"] = .string(why) }
        if let t = v.transcription { out["transcription"] = .string(t) }
        if let st = v.transcriptionStatus { out["transcription_status"] = .string(st) }
        return .object(out)
    }
}
