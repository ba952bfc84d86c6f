import Foundation
import Yams

/// A rules file that cannot be used, with the reason.
public struct TriageRulesError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

extension TriageRules {
    /// The city's default rules file, relative to the repository root.
    public static let defaultRelativePath = "Docker/config/triage-rules.yaml"

    /// Reads YAML (or JSON, which is YAML too) and checks it.
    public init(yaml: String) throws {
        do {
            self = try YAMLDecoder().decode(TriageRules.self, from: yaml)
        } catch {
            throw TriageRulesError("triage rules not understood: \(error)")
        }
        try validate()
    }

    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TriageRulesError("\(path): cannot read the triage rules file")
        }
        do {
            try self.init(yaml: String(decoding: data, as: UTF8.self))
        } catch let e as TriageRulesError {
            throw TriageRulesError("\(path): \(e.description)")
        }
    }

    /// Mistakes a city could make while editing, caught when the file is loaded, not later.
    public func validate() throws {
        var seen = Set<String>()
        for c in categories {
            guard !c.id.isEmpty else { throw TriageRulesError("a category has an empty id") }
            guard seen.insert(c.id).inserted else { throw TriageRulesError("category \(c.id) is listed twice") }
            if let r = c.radiusM, !(r > 0) { throw TriageRulesError("category \(c.id): radius_m must be positive") }
            if let w = c.windowDays, !(w > 0) { throw TriageRulesError("category \(c.id): window_days must be positive") }
        }
        guard dedup.radiusM > 0, dedup.windowDays > 0 else {
            throw TriageRulesError("dedup radius_m and window_days must be positive")
        }
        guard (0...1).contains(dedup.unsureSimilarity), (0...1).contains(dedup.confidentSimilarity),
              dedup.unsureSimilarity <= dedup.confidentSimilarity else {
            throw TriageRulesError("dedup thresholds must satisfy 0 ≤ unsure_similarity ≤ confident_similarity ≤ 1")
        }
        guard (0...1).contains(dedup.textWeight), (0...1).contains(dedup.emptyTextSimilarity) else {
            throw TriageRulesError("dedup text_weight and empty_text_similarity must lie in 0…1")
        }
        for phrase in allPhrases where FoldedTokens.of(phrase).isEmpty {
            throw TriageRulesError("phrase \"\(phrase)\" has no words")
        }
    }

    private var allPhrases: [String] {
        categories.flatMap { $0.phrases.values.joined() } + emergency.phrases.values.joined()
            + emergency.ignore + referral.needs.flatMap { $0.phrases.values.joined() }
    }
}
