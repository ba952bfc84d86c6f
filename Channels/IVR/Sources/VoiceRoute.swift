/// The voice webhooks: the call's start at `POST /twilio/voice` and each follow-up under it.
/// Every one is signed by Twilio and checked (`TwilioWebhook.verify`).
public enum VoiceRoute: String, CaseIterable, Sendable {
    /// The number's voice URL: a call begins.
    case start
    /// The menu's answer: 9 (emergency), 1 (English), 2 (Spanish).
    case language
    case location
    case confirm
    case description
    /// The answer to "press 1 to leave a voice message".
    case record
    /// `<Record>`'s action: the message was recorded (or nothing was).
    case recorded
    /// `recordingStatusCallback`: the recording's audio is ready.
    case recording
    /// `transcribeCallback`: Twilio's transcription of the message.
    case transcription
    /// The answer to "press 1 to hear it again".
    case reference
    /// The digits of the case whose status the caller asked for.
    case caseStatus = "case-status"
    /// The answer to "press 1 to return to the menu" after a case's status.
    case caseStatusMenu = "case-status-menu"
    /// The caller's question, after "for information, press 3".
    case inquiry
    /// `<Dial>`'s action after the transfer to 911.
    case emergency
    /// The call status callback: the call is over (set on the number; see the README).
    case status

    public var path: String {
        self == .start ? "/twilio/voice" : "/twilio/voice/\(rawValue)"
    }

    /// The step whose question this route answers; nil for callbacks that are not an answer.
    public var answers: CallStep? {
        switch self {
        case .language: .menu
        case .location: .location
        case .confirm: .confirm
        case .description: .description
        case .record: .voicemailOffer
        case .recorded: .recording
        case .reference: .reference
        case .caseStatus: .caseStatus
        case .caseStatusMenu: .caseStatusTold
        case .inquiry: .inquiry
        case .emergency: .transferred
        case .start, .recording, .transcription, .status: nil
        }
    }
}
