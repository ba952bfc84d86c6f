import Foundation
@testable import IntakeCore
import Testing

@Suite("Schema patterns matched on bytes agree with the regular expression")
struct AnchoredPatternTests {
    /// The contact schema's own patterns, and a few more shapes the reader accepts.
    static let patterns = [
        "^[A-Za-z0-9][A-Za-z0-9._:@+=-]*$",
        "^[a-z][a-z0-9_-]{0,31}$",
        "^[a-z][a-z0-9_-]{0,63}$",
        "^(\\+[1-9][0-9]{6,14}|[a-z]+:\\+?[0-9]{6,15})$",
        "^[A-Z]{2,8}-[0-9]{4}-[0-9]{6,10}$",
        "^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
        "^[0-9a-f]{64}$",
        "^[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+$",
        "^(ab|a)(bc|c)?d{2,}$",
        "^x(y(z|w)+)?$",
    ]

    @Test("the schema's patterns are all read without the regular expression")
    func schemaPatternsAreRead() throws {
        let path = try #require(ContactSchema.locate())
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let sources = try NSRegularExpression(pattern: #""pattern": "((?:[^"\\]|\\.)*)""#)
            .matches(in: text, range: NSRange(text.startIndex..., in: text))
            .map { m -> String in
                let raw = String(text[Range(m.range(at: 1), in: text)!])
                return try JSONSerialization.jsonObject(with: Data("\"\(raw)\"".utf8), options: .fragmentsAllowed) as! String
            }
        #expect(sources.count >= 6)
        for s in sources { #expect(AnchoredPattern(s) != nil, "\(s)") }
    }

    @Test("what the reader does not know is left to the regular expression")
    func unknownShapesAreRefused() {
        for s in ["[a-z]+", "^a.b$", "^[^a]$", "^\\d+$", "^a+?$", "^é$", "^a|b$", "^(?:a)$", "^a$$", "^[]$", "^a{2,1}$", "^a\\$"] {
            #expect(AnchoredPattern(s) == nil, "\(s)")
        }
    }

    @Test(arguments: patterns)
    func agreesWithTheRegularExpression(_ source: String) throws {
        let pattern = try #require(AnchoredPattern(source))
        let regex = try NSRegularExpression(pattern: String(source.dropLast()) + "\\z")
        let alphabet = Array("aAbBcdzZ019+-_.:@=/!#$&^é \n")
        var generator = SystemRandomNumberGenerator()
        var matched = 0
        var samples = ["", "+15205551234", "tel:+15205551234", "TUC-2026-000123", "en", "es-MX", "sms", String(repeating: "a", count: 64),
                       "text/plain", "abbcdd", "acddd", "xyzwz", "x", "en\n", "sms\n"]
        for _ in 0..<3000 {
            samples.append(String((0..<Int.random(in: 1...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }))
        }
        for s in samples {
            let expected = regex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil
            #expect(pattern.matches(s) == expected, "\(source) on \(s.debugDescription)")
            if expected { matched += 1 }
        }
        #expect(matched > 0, "no sample matched \(source): the comparison says little")
    }
}
