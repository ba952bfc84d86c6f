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
        guard dedup.samePointM >= 0, (0...1).contains(dedup.samePointBonus) else {
            throw TriageRulesError("dedup same_point_m must not be negative, and same_point_bonus must lie in 0…1")
        }
        for group in dedup.contrasts where group.count < 2 || group.count > 64 {
            throw TriageRulesError("dedup contrasts: each group names 2 to 64 words (\(group))")
        }
        for phrase in allPhrases where TriageTokenizer.words(phrase).isEmpty {
            throw TriageRulesError("phrase \"\(phrase)\" has no words")
        }
        let negators = Set(negation.words)
        for phrase in allPhrases {
            let words = TriageTokenizer.words(phrase)
            if words.allSatisfy(negators.contains) {
                throw TriageRulesError("phrase \"\(phrase)\" is only negation words")
            }
        }
        guard negation.window >= 1 else { throw TriageRulesError("negation window must be at least 1") }
        for word in negation.words + negation.clauseWords where TriageTokenizer.words(word).count != 1 {
            // "no one" is "no" followed by a word: list "no"; a second word would itself become a negator.
            throw TriageRulesError("negation word \"\(word)\" must be one word")
        }
        guard typos.minLength >= 3 else { throw TriageRulesError("typos min_length must be at least 3") }
        guard review.closeRatio > 0, review.closeRatio <= 1, review.candidates >= 1 else {
            throw TriageRulesError("review close_ratio must lie in (0, 1] and candidates be at least 1")
        }
        let ids = Set(categories.map(\.id))
        for sense in senses {
            guard ["none", "emergency", "possible"].contains(sense.means) || ids.contains(sense.means) else {
                throw TriageRulesError("sense of \"\(sense.phrase)\": means \(sense.means) is neither none, emergency, possible nor a category")
            }
            guard !sense.with.isEmpty || !sense.inside.isEmpty else {
                throw TriageRulesError("sense of \"\(sense.phrase)\" has neither with nor inside")
            }
            guard sense.window >= 1 else { throw TriageRulesError("sense of \"\(sense.phrase)\": window must be at least 1") }
        }
    }

    private var allPhrases: [String] {
        categories.flatMap { $0.phrases.values.joined() } + emergency.phrases.values.joined()
            + emergency.possible.values.joined()
            + emergency.ignore + referral.needs.flatMap { $0.phrases.values.joined() }
            + senses.flatMap { [$0.phrase] + $0.with + $0.inside }
    }
}
