import Foundation
import IntakeTriage
import Testing
@testable import intake_eval

/// The held-out sets parse, and their labels are ones the evaluation can score.
@Suite struct EvaluationSetTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func file(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    @Test func triageSetParsesAndEveryLabelIsKnown() throws {
        let messages = try JSONLines.read(LabelledMessage.self, path: Self.file(RepositoryFiles.triageEvaluationSet))
        let rules = try TriageRules(path: Self.file(TriageRules.defaultRelativePath))
        // `parking` is labelled in the set before the rules have it: scored as a miss.
        let known = Set(rules.categories.map(\.id) + [rules.defaultCategory, rules.referral.category, "parking"])
        #expect(messages.count >= 420)
        #expect(Set(messages.map(\.id)).count == messages.count)
        for m in messages {
            #expect(known.contains(m.category), "\(m.id): unknown category \(m.category)")
            #expect(["en", "es"].contains(m.lang), "\(m.id): language \(m.lang)")
            #expect(!m.text.isEmpty, "\(m.id): no text")
        }
        #expect(messages.filter(\.isLookAlike).allSatisfy { $0.emergency == .none })
        #expect(Set(messages.map(\.emergency)) == Set(LabelledMessage.Tier.allCases))
    }

    @Test func duplicateSetParsesWithKnownKinds() throws {
        let pairs = try JSONLines.read(LabelledPair.self, path: Self.file(RepositoryFiles.duplicateEvaluationSet))
        let sameKinds: Set = ["translation", "reworded"]
        let differentKinds: Set = ["different problem, same place", "different category, same place", "same category, different place"]
        #expect(pairs.count >= 55)
        for p in pairs {
            #expect(sameKinds.union(differentKinds).contains(p.kind), "\(p.id): kind \(p.kind)")
            #expect(p.same == sameKinds.contains(p.kind), "\(p.id): same \(p.same) for kind \(p.kind)")
            #expect(!p.a.location.isEmpty && !p.b.location.isEmpty, "\(p.id): no location")
        }
        #expect(pairs.filter { !$0.atSamePlace }.allSatisfy { $0.kind == "same category, different place" })
    }

    @Test func aBadLineIsReportedWithItsNumber() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("eval-bad-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("{\"id\": \"d1\"}\n\nnot json\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect {
            try JSONLines.read(LabelledPair.self, path: path)
        } throws: { error in
            (error as? JSONLines.BadLine)?.line == 1
        }
    }
}
