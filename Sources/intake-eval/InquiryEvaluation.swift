import ArgumentParser
import Foundation
import IntakeCore
import IntakeTriage

/// One message of `Tests/Evaluation/inquiry-eval.jsonl`: a question (with the id of the answer it
/// should get, or null when no entry of the answers file covers it) or a service request.
struct LabelledInquiry: Decodable, Equatable {
    enum Label: String, Decodable { case question, request }
    var id: String
    var lang: String
    var text: String
    var label: Label
    var answer: String?
}

/// Runs the labelled questions and requests through what the enrich stage does (triage, then the
/// inquiry reader on its result) and reports how often questions get the right answer, how often
/// they are left to staff, and how often requests are taken for questions.
struct InquiryEvaluation: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inquiries",
        abstract: "Questions told from service requests, and answered from the answers file, on the labelled set.")

    @Option(help: "The labelled messages (JSON Lines).") var set = "Tests/Evaluation/inquiry-eval.jsonl"
    @Option(help: "The answers file (default: Docker/config/answers.yaml).") var answers: String?
    @Option(help: "The triage rules file (default: Docker/config/triage-rules.yaml).") var rules: String?
    @Option(help: "Print up to N misjudged messages of each kind (the set's text is written for evaluation).") var misses = 0

    func run() throws {
        let messages = try JSONLines.read(LabelledInquiry.self, path: RepositoryFiles.path(set))
        let engine = try TriageEngine(path: rules ?? RepositoryFiles.triageRules())
        let book = try AnswerBook(path: answers ?? RepositoryFiles.path(AnswerBook.defaultRelativePath))
        let reader = InquiryReader(book: book)
        var tally = InquiryTally()
        for m in messages {
            let reading = reader.read(m.text, triage: engine.classify(m.text))
            tally.record(m, reading)
        }
        print("Inquiries: \(messages.count) labelled messages (\(set))")
        for group in InquiryTally.groups {
            guard let g = tally.groups[group] else { continue }
            print("  [\(group)] \(g.questions) questions, \(g.requests) requests")
            print("    questions answered with the right entry : " + Self.line(g.rightAnswer))
            print("    questions sent to staff (no answer)      : " + Self.line(g.toStaff))
            print("    questions answered with a wrong entry    : " + Self.line(g.wrongAnswer))
            print("    questions taken for requests             : " + Self.line(g.missed))
            print("    uncovered questions sent to staff        : " + Self.line(g.uncoveredToStaff))
            print("    requests wrongly taken as questions      : " + Self.line(g.requestsAsQuestions))
        }
        guard misses > 0 else { return }
        for (kind, list) in tally.misses.sorted(by: { $0.key < $1.key }) {
            print("\n  \(kind):")
            for (m, r) in list.prefix(misses) {
                let cues = (r.asks ? " asks" : "") + (r.reportsProblem ? " reports" : "")
                print("    \(m.id) [\(r.kind.rawValue) \(r.answerID ?? "-") \(String(format: "%.2f", r.score))\(cues)] \(m.text)")
            }
        }
    }

    static func line(_ r: Rate) -> String {
        guard let (low, high) = Wilson.interval(r.hits, r.total) else { return r.formatted }
        return r.formatted + String(format: "  (95 %% CI %.1f–%.1f %%)", 100 * low, 100 * high)
    }
}

/// What the inquiry report counts, per group (all, en, es).
struct InquiryTally {
    static let groups = ["all", "en", "es"]

    struct Group {
        var questions = 0
        var requests = 0
        /// Questions with an answer id in the set: answered with that entry.
        var rightAnswer = Rate()
        /// All questions: sent to staff.
        var toStaff = Rate()
        /// All questions: answered with another entry than the set's (or one when the set has none).
        var wrongAnswer = Rate()
        /// All questions: taken for service requests.
        var missed = Rate()
        /// Questions no entry covers: sent to staff, as they should be.
        var uncoveredToStaff = Rate()
        /// Requests: taken for questions.
        var requestsAsQuestions = Rate()
    }

    var groups: [String: Group] = [:]
    var misses: [String: [(LabelledInquiry, InquiryReader.Reading)]] = [:]

    mutating func record(_ m: LabelledInquiry, _ r: InquiryReader.Reading) {
        for g in ["all", m.lang] {
            var t = groups[g, default: Group()]
            switch m.label {
            case .question:
                t.questions += 1
                let asInquiry = r.kind == .inquiry
                if let expected = m.answer {
                    t.rightAnswer.record(asInquiry && r.answerID == expected)
                } else {
                    t.uncoveredToStaff.record(asInquiry && r.answerID == nil)
                }
                t.toStaff.record(asInquiry && r.answerID == nil)
                t.wrongAnswer.record(asInquiry && r.answerID != nil && r.answerID != m.answer)
                t.missed.record(!asInquiry)
            case .request:
                t.requests += 1
                t.requestsAsQuestions.record(r.kind == .inquiry)
            }
            groups[g] = t
        }
        switch m.label {
        case .question where r.kind != .inquiry: misses["question taken for a request", default: []].append((m, r))
        case .question where r.answerID != m.answer:
            misses[r.answerID == nil ? "question sent to staff" : "question given another answer", default: []].append((m, r))
        case .request where r.kind == .inquiry: misses["request taken for a question", default: []].append((m, r))
        default: break
        }
    }
}

/// The Wilson score interval of a share, at 95 %.
enum Wilson {
    static func interval(_ hits: Int, _ total: Int, z: Double = 1.96) -> (Double, Double)? {
        guard total > 0 else { return nil }
        let n = Double(total), p = Double(hits) / n
        let denominator = 1 + z * z / n
        let centre = (p + z * z / (2 * n)) / denominator
        let half = z * ((p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()) / denominator
        return (max(0, centre - half), min(1, centre + half))
    }
}
