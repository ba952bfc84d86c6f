import Foundation
@testable import IntakeCore
import IntakeTestSupport
import Testing

@Suite("Language guess")
struct LanguageGuessTests {
    /// The guess read word by word, with Swift's own `Character` and `isLetter`: what the byte
    /// reading must agree with.
    static func wordByWord(_ text: String, fallback: String = "en") -> String {
        let spanish: Set<String> = Set(["el", "la", "los", "las", "un", "una", "de", "del", "en", "que", "y", "es", "por", "para",
            "con", "no", "hay", "esta", "está", "muy", "mi", "su", "calle", "esquina", "basura", "luz",
            "bache", "agua", "fuga", "ruido", "gracias", "hola", "favor", "pueden", "puede", "casa",
            "frente", "cerca", "entre", "desde", "semana", "días", "dias", "lleno", "roto", "rota",
            "necesito", "ayuda", "carro", "coche", "perro", "vecino", "también", "tambien", "pero"])
        let english: Set<String> = Set(["the", "a", "an", "of", "in", "on", "at", "is", "are", "there", "and", "to", "for", "with",
            "my", "our", "street", "corner", "trash", "light", "pothole", "water", "leak", "noise",
            "thanks", "thank", "hello", "please", "can", "near", "between", "week", "days", "full",
            "broken", "need", "help", "car", "dog", "neighbor", "also", "but", "it", "this", "that"])
        var es = 0
        var en = 0
        for ch in text where "ñ¿¡áéíóú".contains(ch) { es += 2 }
        for w in text.lowercased().split(whereSeparator: { !$0.isLetter }) {
            if spanish.contains(String(w)) { es += 1 }
            if english.contains(String(w)) { en += 1 }
        }
        return es > en ? "es" : en > es ? "en" : fallback
    }

    @Test("the byte reading agrees with a word-by-word reading on every message of the evaluation sets")
    func agreesOnEvaluationTexts() throws {
        var texts: [String] = []
        for file in ["triage-eval.jsonl", "inquiry-eval.jsonl", "duplicates-eval.jsonl"] {
            let data = try String(contentsOfFile: "\(Paths.repository)/Tests/Evaluation/\(file)", encoding: .utf8)
            for line in data.split(separator: "\n") {
                guard case .object(let o) = try JSONReader.parse(Array(line.utf8)) else { continue }
                for (_, v) in o { if case .string(let s) = v, s.contains(" ") { texts.append(s) } }
            }
        }
        #expect(texts.count > 700)
        var disagreements: [String] = []
        for t in texts + texts.map { $0.uppercased() } where LanguageGuess.language(of: t) != Self.wordByWord(t) {
            disagreements.append(t)
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
    }

    @Test("accents, ñ and the inverted marks count for Spanish; capitals, curly apostrophes and long words are read right", arguments: [
        ("¿Dónde?", "es"),
        ("EL BACHE EN LA CALLE", "es"),
        ("It’s broken", "en"),
        ("Ñandú", "es"),
        ("supercalifragilisticexpialidocious the", "en"),
        ("ESTÁ ROTA", "es"),
        ("", "en"),
        ("1234 — 5678", "en"),
    ])
    func edges(text: String, expected: String) {
        #expect(LanguageGuess.language(of: text) == expected)
        #expect(Self.wordByWord(text) == expected)
    }
}
