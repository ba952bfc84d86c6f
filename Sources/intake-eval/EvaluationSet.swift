import Foundation

/// One message of `Tests/Evaluation/triage-eval.jsonl` (its README says what each field means).
struct LabelledMessage: Decodable, Equatable {
    enum Tier: String, Decodable, CaseIterable {
        case emergency, possible, none
    }

    var id: String
    var lang: String
    var text: String
    var category: String
    var emergency: Tier
    var note: String

    /// A message that shares a word with an emergency but is none.
    var isLookAlike: Bool { note.hasPrefix("look-alike:") }
}

/// One pair of `Tests/Evaluation/duplicates-eval.jsonl`.
struct LabelledPair: Decodable, Equatable {
    struct Report: Decodable, Equatable {
        var text: String
        var lang: String
        var location: String
    }

    var id: String
    var a: Report
    var b: Report
    var same: Bool
    var note: String

    /// The kind before any ": why" ("translation", "same category, different place", ...).
    var kind: String {
        String(note.split(separator: ":", maxSplits: 1).first ?? "").trimmingCharacters(in: .whitespaces)
    }

    /// Whether the two reports are at one place, as the set says: every kind but
    /// "same category, different place".
    var atSamePlace: Bool { kind != "same category, different place" }
}

/// Reads JSON Lines: one object a line, blank lines skipped; an error names the line.
enum JSONLines {
    struct BadLine: Error, CustomStringConvertible {
        var path: String
        var line: Int
        var underlying: any Error
        var description: String { "\(path):\(line): \(underlying)" }
    }

    static func read<T: Decodable>(_ type: T.Type, path: String) throws -> [T] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let decoder = JSONDecoder()
        var out: [T] = []
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            do {
                out.append(try decoder.decode(T.self, from: Data(line.utf8)))
            } catch {
                throw BadLine(path: path, line: n + 1, underlying: error)
            }
        }
        return out
    }
}
