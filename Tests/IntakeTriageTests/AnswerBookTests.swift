import Foundation
import IntakeCore
import IntakeTriage
import Testing

/// The answers file is checked when it is loaded: each mistake a city could make while editing
/// is reported with the file, the line and what is wrong.
@Suite("Answers file")
struct AnswerBookTests {
    static let path: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(AnswerBook.defaultRelativePath).path
    }()

    /// A small valid file; each case below breaks one thing in it.
    static let valid = """
        staff_will_answer:
          en: "A person will answer."
          es: "Una persona le responderá."
        question_cues:
          en: [how do i]
          es: [cómo]
        answers:
          - id: water-bill
            keywords:
              en: [water bill]
              es: [recibo del agua]
            answer:
              en: "Pay online."
              es: "Pague en línea."
            link: https://example.org/pay
        """

    @Test("the repository's answers file loads, every entry with an English and a Spanish answer")
    func repositoryFile() throws {
        let book = try AnswerBook(path: Self.path)
        #expect(book.entries.count >= 15)
        for e in book.entries {
            #expect(e.answer["en"]?.isEmpty == false && e.answer["es"]?.isEmpty == false, "\(e.id)")
            #expect(e.line > 0)
        }
        #expect(Set(book.entries.map(\.id)).count == book.entries.count)
    }

    @Test("a small valid file loads as written")
    func validFile() throws {
        let book = try AnswerBook(yaml: Self.valid, file: "answers.yaml")
        #expect(book.entries.map(\.id) == ["water-bill"])
        #expect(book.entries[0].line == 8)
        #expect(book.reply(entryID: "water-bill", language: "es", geo: nil) == "Pague en línea. Más: https://example.org/pay")
        #expect(book.reply(entryID: nil, language: "en", geo: nil) == "A person will answer.")
        #expect(book.minimumScore == 1.0)
    }

    struct Broken: Sendable, CustomTestStringConvertible {
        var name: String
        var yaml: String
        /// `answers.yaml:LINE: …` and words the reason must have.
        var line: Int
        var says: String
        var testDescription: String { name }
    }

    static let broken: [Broken] = [
        Broken(name: "an entry without a Spanish answer",
               yaml: valid.replacingOccurrences(of: "      es: \"Pague en línea.\"\n", with: ""),
               line: 13, says: "has no es text"),
        Broken(name: "the same id twice",
               yaml: valid + "\n" + valid.components(separatedBy: "answers:\n")[1],
               line: 16, says: "listed twice (first on line 8)"),
        Broken(name: "a misspelt key", yaml: valid.replacingOccurrences(of: "    answer:", with: "    anwser:"),
               line: 12, says: "unknown key `anwser`"),
        Broken(name: "a link that is not a web address", yaml: valid.replacingOccurrences(of: "https://example.org/pay", with: "example.org/pay"),
               line: 15, says: "link must start with https://"),
        Broken(name: "an entry nothing could match in Spanish",
               yaml: valid.replacingOccurrences(of: "      es: [recibo del agua]\n", with: ""),
               line: 8, says: "neither questions nor keywords in es"),
        Broken(name: "an id with spaces", yaml: valid.replacingOccurrences(of: "id: water-bill", with: "id: Water Bill"),
               line: 8, says: "may use only lowercase letters"),
        Broken(name: "no staff-will-answer text",
               yaml: valid.replacingOccurrences(of: "staff_will_answer:\n  en: \"A person will answer.\"\n  es: \"Una persona le responderá.\"\n", with: ""),
               line: 1, says: "staff_will_answer (en and es) is missing"),
        Broken(name: "a phrase of punctuation only", yaml: valid.replacingOccurrences(of: "[water bill]", with: "[water bill, \"?!\"]"),
               line: 10, says: "has no words"),
        Broken(name: "an area that names no place",
               yaml: valid + "\n    areas:\n      - answer: {en: \"Tuesdays\", es: \"Martes\"}\n",
               line: 17, says: "names none of jurisdiction, neighborhood, ward"),
        Broken(name: "a negative margin", yaml: "margin: -1\n" + valid, line: 1, says: "margin must not be negative"),
        Broken(name: "YAML that does not parse", yaml: valid.replacingOccurrences(of: "[water bill]", with: "[water bill"),
               line: 11, says: "not valid YAML"),
    ]

    @Test("a mistake is reported with the file, its line and the reason", arguments: broken)
    func mistakes(_ b: Broken) {
        do {
            _ = try AnswerBook(yaml: b.yaml, file: "answers.yaml")
            Issue.record("\(b.name): accepted")
        } catch let e as AnswerBookError {
            #expect(e.file == "answers.yaml")
            #expect(e.line == b.line, "\(e)")
            #expect(e.description.hasPrefix("answers.yaml:\(b.line): "), "\(e)")
            #expect(e.reason.contains(b.says), "\(e)")
        } catch {
            Issue.record("\(b.name): not an AnswerBookError: \(error)")
        }
    }

    @Test("a file that cannot be read names the file")
    func unreadable() {
        #expect(throws: AnswerBookError(file: "/nonexistent/answers.yaml", line: 0, reason: "cannot read the answers file")) {
            try AnswerBook(path: "/nonexistent/answers.yaml")
        }
    }
}
