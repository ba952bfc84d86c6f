import Foundation
@testable import SMSChannel
import Testing

/// STOP, START and HELP as Twilio reads them: the word alone, whatever surrounds it.
@Suite("SMS keywords")
struct SMSKeywordTests {
    @Test("the word alone is a keyword, with spaces and punctuation around it; a word in a sentence never is", arguments: [
        ("STOP", SMSKeyword.stop(language: "en")),
        ("  stop  ", .stop(language: "en")),
        ("Stop.", .stop(language: "en")),
        ("STOP .", .stop(language: "en")),
        ("STOP ¡", .stop(language: "en")),
        ("¡Alto!", .stop(language: "es")),
        ("start", .start(language: "en")),
        ("help?", .help(language: "en")),
        ("Información", .help(language: "es")),
        ("STOP please", nil),
        ("stop the noise on 5th", nil),
        ("help me please", nil),
        ("there is a pothole", nil),
        ("yes", nil),
        ("", nil),
    ] as [(String, SMSKeyword?)])
    func keywords(body: String, expected: SMSKeyword?) {
        #expect(SMSKeyword.parse(body, optedOut: false) == expected)
    }

    @Test("the quick byte check never turns away a keyword: it only answers for plain ASCII with a space between words")
    func quickCheckAgrees() {
        for body in ["STOP", " STOP ", "STOP .", "STOP ¡", "¡ STOP", "STOP\tnow", "a b", "+ STOP", "STOP +", "S T O P", "stop-now"] {
            if SMSKeyword.hasInnerSpace(body) {
                #expect(SMSKeyword.parse(body, optedOut: true) == nil, "\(body)")
                let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
                #expect(trimmed.contains { $0.isWhitespace }, "\(body)")
            }
        }
        #expect(SMSKeyword.hasInnerSpace("stop the noise"))
        #expect(!SMSKeyword.hasInnerSpace("STOP ¡"))
        #expect(!SMSKeyword.hasInnerSpace("STOP ."))
    }
}
