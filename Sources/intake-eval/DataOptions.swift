import ArgumentParser
import Foundation
import IntakeLocate
import IntakeTriage

/// `--data DIR`: the shared test data; default `INTAKE_SHARED_DATA`, else the first existing of
/// ../shared/data, ../../shared/data, /work/shared/data.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: "The shared test data directory (default: $INTAKE_SHARED_DATA, else ../shared/data, ../../shared/data, /work/shared/data).")
    var data: String?

    func directory() throws -> String {
        if let data {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: data, isDirectory: &isDir), isDir.boolValue else {
                throw ValidationError("--data \(data): no such directory")
            }
            return data
        }
        do {
            return try SharedDataDirectory.locate()
        } catch {
            throw ValidationError(String(describing: error))
        }
    }

    func file(_ relative: String) throws -> String {
        let path = (try directory() as NSString).appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("missing data file: \(path)")
        }
        return path
    }
}

/// Where the repository's default triage rules are: next to the working directory, else next to
/// this source file (the tool is run from a checkout).
enum RepositoryFiles {
    static func triageRules() -> String {
        let local = TriageRules.defaultRelativePath
        if FileManager.default.fileExists(atPath: local) { return local }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(local).path
    }
}

extension RepositoryFiles {
    /// A file of the checkout by its path from the root: as given when it exists from the working
    /// directory, else next to this source file.
    static func path(_ relative: String) -> String {
        if FileManager.default.fileExists(atPath: relative) { return relative }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(relative).path
    }

    static let triageEvaluationSet = "Tests/Evaluation/triage-eval.jsonl"
    static let duplicateEvaluationSet = "Tests/Evaluation/duplicates-eval.jsonl"
    static let madeUpTucsonAddresses = "Tests/IntakeLocateTests/Fixtures/tucson_made_up_address_points.csv"
}
