import Foundation
import IntakeTriage

/// The city's default rules file, as shipped in the repository.
enum RulesFile {
    static let path: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(TriageRules.defaultRelativePath).path
    }()

    static let engine: TriageEngine = try! TriageEngine(path: path)
}
