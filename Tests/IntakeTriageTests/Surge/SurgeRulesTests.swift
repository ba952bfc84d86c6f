import Foundation
import IntakeCore
import IntakeTriage
import Testing

@Suite("Surge rules file: defaults, per-category thresholds, and errors with file:line")
struct SurgeRulesTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    static let categories: Set<String> = ["water_leak", "streetlight", "pothole", "noise", "parking", "illegal_dumping", "graffiti"]

    @Test("the shipped Docker/config/surges.yaml loads against the shipped triage categories")
    func shippedFile() throws {
        let triage = try TriageEngine(path: "\(Self.repository)/Docker/config/triage-rules.yaml")
        let rules = try SurgeRules(path: "\(Self.repository)/\(SurgeRules.defaultRelativePath)",
                                   knownCategories: Set(triage.rules.categories.map(\.id)))
        #expect(rules.defaults == .init(count: 10, windowSeconds: 3600))
        #expect(rules.threshold(for: "water_leak") == .init(count: 10, windowSeconds: 3600))
        #expect(rules.threshold(for: "streetlight") == .init(count: 6, windowSeconds: 7200))
        #expect(rules.threshold(for: "noise") == nil)
        #expect(rules.threshold(for: "graffiti") == rules.defaults)
        #expect(rules.gridMetres == 500)
    }

    @Test("a category takes what it leaves out from defaults, wherever defaults stand in the file")
    func inheritsDefaults() throws {
        let rules = try SurgeRules(yaml: """
            categories:
              pothole: {threshold: 4}
              graffiti: off
            defaults: {threshold: 7, window_minutes: 30}
            """, knownCategories: Self.categories)
        #expect(rules.threshold(for: "pothole") == .init(count: 4, windowSeconds: 1800))
        #expect(rules.threshold(for: "graffiti") == nil)
        #expect(rules.threshold(for: "water_leak") == .init(count: 7, windowSeconds: 1800))
    }

    @Test("an empty file is the documented defaults: 10 reports in an hour, 500 m cells")
    func emptyIsDefaults() throws {
        #expect(try SurgeRules(yaml: "") == .standard)
        #expect(SurgeRules.standard.defaults == .init(count: 10, windowSeconds: 3600))
    }

    static let mistakes: [(yaml: String, expected: String)] = [
        ("defaults:\n  threshold: 1\n", "surges.yaml:2:14: defaults: threshold (reports) must lie in 2…100000, not 1"),
        ("defaults:\n  threshold: ten\n", "surges.yaml:2:14: defaults: threshold (reports) must be a whole number, not ten"),
        ("categories:\n  water_leak: {threshold: 5, window_minutes: 0}\n", "surges.yaml:2:46: category water_leak: window_minutes must lie in 1…10080, not 0"),
        ("categories:\n  water_leek: {threshold: 5}\n", "surges.yaml:2:3: category water_leek is not a category of the triage rules"),
        ("categories:\n  pothole: {threshold: 5}\n  pothole: off\n", "surges.yaml:2:3: pothole listed twice in one mapping"),
        ("defaults: {threshold: 5\n", "surges.yaml:2:1: not YAML:"),
        ("grid_m: 10\n", "surges.yaml:1:9: grid_m (metres) must lie in 50…5000, not 10"),
        ("thresholds: 5\n", "surges.yaml:1:1: unknown setting thresholds"),
        ("categories:\n  pothole: {limit: 5}\n", "surges.yaml:2:13: category pothole: unknown key limit"),
        ("categories: [pothole]\n", "surges.yaml:1:13: categories: expected a mapping"),
    ]

    @Test("mistakes a city could make are refused at load, naming file, line and column", arguments: 0..<10)
    func mistakes(_ i: Int) {
        let (yaml, expected) = Self.mistakes[i]
        do {
            _ = try SurgeRules(yaml: yaml, knownCategories: Self.categories)
            Issue.record("accepted: \(yaml)")
        } catch {
            #expect("\(error)".hasPrefix(expected), "\(error)")
        }
    }

    @Test("a file that cannot be read says which")
    func unreadable() {
        #expect(throws: SurgeRulesError("/nonexistent/surges.yaml: cannot read the surge rules file")) {
            try SurgeRules(path: "/nonexistent/surges.yaml")
        }
    }
}
