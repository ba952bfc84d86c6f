import Foundation

/// The single words Twilio treats as commands on a long code, and their Spanish counterparts
/// (as Advanced Opt-Out configures them): they are commands, never reports.
///
/// As Twilio, only a message that is the word alone counts ("STOP please" is a message).
/// `YES` and `SÍ` opt back in only a number that had opted out: to anyone else they are answers
/// ("yes, that is the place").
public enum SMSKeyword: Sendable, Equatable {
    case stop(language: String)
    case start(language: String)
    case help(language: String)

    static let stopWords: [String: String] = [
        "STOP": "en", "STOPALL": "en", "UNSUBSCRIBE": "en", "CANCEL": "en", "END": "en", "QUIT": "en",
        "PARAR": "es", "ALTO": "es", "DETENER": "es", "CANCELAR": "es", "BAJA": "es",
    ]
    static let startWords: [String: String] = ["START": "en", "UNSTOP": "en", "COMENZAR": "es", "INICIAR": "es", "REANUDAR": "es"]
    /// Opt-in words that are also everyday answers.
    static let answerStartWords: [String: String] = ["YES": "en", "SI": "es", "SÍ": "es"]
    static let helpWords: [String: String] = ["HELP": "en", "INFO": "en", "AYUDA": "es", "INFORMACION": "es", "INFORMACIÓN": "es"]

    /// The keyword `body` is, if any. `optedOut`: whether the sender is opted out now.
    public static func parse(_ body: String, optedOut: Bool) -> SMSKeyword? {
        let word = body.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters)).uppercased()
        guard !word.isEmpty, !word.contains(where: \.isWhitespace) else { return nil }
        if let l = stopWords[word] { return .stop(language: l) }
        if let l = startWords[word] { return .start(language: l) }
        if optedOut, let l = answerStartWords[word] { return .start(language: l) }
        if let l = helpWords[word] { return .help(language: l) }
        return nil
    }
}
