import Foundation
@testable import IntakeChannel
import IntakeCore
import Testing

@Suite("Answers to a question about a case")
struct AnswerReaderTests {
    static let which = ResidentQuestion.category([.init(id: "pothole", label: "Pothole"), .init(id: "streetlight", label: "Luz de la calle apagada")],
                                                 other: .init(id: "other", label: "Something else"))
    static let place = ResidentQuestion.place(GeoCandidate(text: "220 E 5th St", lat: 32.23, lon: -110.96, confidence: 0.5))

    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var question: ResidentQuestion
        var reading: AnswerReader.Reading
        var testDescription: String { "\(text) → \(reading)" }
    }

    @Test(arguments: [
        Case(text: "1", question: which, reading: .category("pothole")),
        Case(text: " 2. ", question: which, reading: .category("streetlight")),
        Case(text: "3", question: which, reading: .category("other")),
        Case(text: "4", question: which, reading: .notAnAnswer),
        Case(text: "otra cosa", question: which, reading: .category("other")),
        Case(text: "something else", question: which, reading: .category("other")),
        Case(text: "pothole", question: which, reading: .category("pothole")),
        Case(text: "luz de la calle apagada", question: which, reading: .category("streetlight")),
        Case(text: "there is also graffiti on the wall", question: which, reading: .notAnAnswer),
        Case(text: "YES", question: place, reading: .placeConfirmed),
        Case(text: "Sí!", question: place, reading: .placeConfirmed),
        Case(text: "yep", question: place, reading: .placeConfirmed),
        Case(text: "no", question: place, reading: .placeRefused),
        Case(text: "No, 220 W 5th St", question: place, reading: .newAddress),
        Case(text: "oracle and roger", question: place, reading: .newAddress),
        Case(text: "also the streetlight at oracle and roger is out", question: place, reading: .notAnAnswer),
        Case(text: "1", question: place, reading: .notAnAnswer),
        Case(text: "thanks!", question: place, reading: .notAnAnswer),
    ])
    func reads(_ c: Case) {
        #expect(AnswerReader.read(c.text, for: c.question) == c.reading)
    }

    @Test func anAddressSentAgainLosesItsLeadingNo() {
        #expect(AnswerReader.addressText("No, 220 W 5th St") == "220 W 5th St")
        #expect(AnswerReader.addressText("Oracle and Roger") == "Oracle and Roger")
    }
}

@Suite("Questions waiting for an answer")
struct PendingQuestionsTests {
    static let ask = PendingQuestions.Pending(
        caseRef: "TUC-2026-000042", language: "es",
        questions: [AnswerReaderTests.which, AnswerReaderTests.place], askedAt: Date(timeIntervalSince1970: 1_780_000_000))

    @Test func questionsSurviveARestartAndAreAskedInTurn() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pending-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let now = Self.ask.askedAt.addingTimeInterval(60)
        let first = PendingQuestions(path: "\(dir)/sms.json")
        first.ask("+15205550100", Self.ask)

        let again = PendingQuestions(path: "\(dir)/sms.json")
        #expect(again.pending(for: "+15205550100", now: now) == Self.ask)
        #expect(again.pending(for: "+15205550199", now: now) == nil)
        let next = again.answered("+15205550100", now: now)
        #expect(next?.current == AnswerReaderTests.place)
        #expect(again.answered("+15205550100", now: now) == nil)
        #expect(PendingQuestions(path: "\(dir)/sms.json").pending(for: "+15205550100", now: now) == nil)
    }

    @Test("each change is one journal line; answered questions are compacted away, and a reload gives the same")
    func journalStaysSmall() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pending-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = "\(dir)/sms.json"
        let store = PendingQuestions(path: path)
        let now = Self.ask.askedAt.addingTimeInterval(60)
        store.ask("+15205550100", Self.ask)
        let oneLine = try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        // 5,000 other residents asked and done with: the file is rewritten, not grown without end.
        for i in 0..<5_000 {
            let address = "+1602555\(String(format: "%04d", i))"
            store.ask(address, Self.ask)
            store.forget(address, now: now)
        }
        let size = try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(size < oneLine * 200, "journal of \(size) bytes for one live question")
        let reloaded = PendingQuestions(path: path)
        #expect(reloaded.pending(for: "+15205550100", now: now) == Self.ask)
        #expect(reloaded.pending(for: "+16025554999", now: now) == nil)
    }

    @Test("a whole-file list of questions (the earlier form) is read, and journaled from then on")
    func earlierFormRead() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pending-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = "\(dir)/sms.json"
        let line = String(decoding: PendingQuestions.line("+15205550100", Self.ask), as: UTF8.self)
        try "[\(line.trimmingCharacters(in: .newlines))]".write(toFile: path, atomically: true, encoding: .utf8)
        let now = Self.ask.askedAt.addingTimeInterval(60)
        let store = PendingQuestions(path: path)
        #expect(store.pending(for: "+15205550100", now: now) == Self.ask)
        store.answered("+15205550100", now: now)
        #expect(PendingQuestions(path: path).pending(for: "+15205550100", now: now)?.current == AnswerReaderTests.place)
    }

    @Test func aQuestionExpires() {
        let store = PendingQuestions(path: nil, lifetime: 3_600)
        store.ask("+15205550100", Self.ask)
        #expect(store.pending(for: "+15205550100", now: Self.ask.askedAt.addingTimeInterval(3_000)) != nil)
        #expect(store.pending(for: "+15205550100", now: Self.ask.askedAt.addingTimeInterval(3_700)) == nil)
    }
}
