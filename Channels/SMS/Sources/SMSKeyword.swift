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
        if hasInnerSpace(body) { return nil }
        let word = body.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters)).uppercased()
        guard !word.isEmpty, !word.contains(where: \.isWhitespace) else { return nil }
        if let l = stopWords[word] { return .stop(language: l) }
        if let l = startWords[word] { return .start(language: l) }
        if optedOut, let l = answerStartWords[word] { return .start(language: l) }
        if let l = helpWords[word] { return .help(language: l) }
        return nil
    }

    /// A plain-ASCII message with a space between two of its words is no keyword: known on one
    /// pass over the bytes, without the trimming below. Any other byte leaves it to that.
    static func hasInnerSpace(_ body: String) -> Bool {
        var sawWord = false
        var spaceAfterWord = false
        for byte in body.utf8 {
            guard byte < 0x80 else { return false }
            let isLetterOrDigit = (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
            if isLetterOrDigit {
                if spaceAfterWord { return true }
                sawWord = true
            } else if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                if sawWord { spaceAfterWord = true }
            }
        }
        return false
    }
}
