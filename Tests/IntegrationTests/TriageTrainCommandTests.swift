import Foundation
import IntakeCore
import IntakeTestSupport
import Testing

/// `intake triage train` as a city runs it: the built executable on a small CSV.
@Suite("intake triage train")
struct TriageTrainCommandTests {
    static func environment() -> [String: String] {
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("INTAKE_") }
        env["INTAKE_TEMPLATES_DIR"] = Paths.templates
        env["INTAKE_TRIAGE_RULES"] = Paths.triageRules
        return env
    }

    static let csv: String = {
        var rows = ["text,category"]
        for i in 0..<6 {
            rows.append("\"big pothole, road \(i)\",pothole")
            rows.append("\"the street light is out\nagain \(i)\",streetlight")
            rows.append("\"\"\"tags\"\" sprayed on wall \(i)\",graffiti")
        }
        // Line 5: after the header, a pothole row and a streetlight row of two lines.
        rows.insert("no category here", at: 3)
        return rows.joined(separator: "\n") + "\n"
    }()

    @Test("prints cross-validated precision and recall per category, reports bad rows by line, writes a model config check accepts")
    func trainsAndWrites() async throws {
        let dir = try Paths.temporaryDirectory("triage-train")
        let cases = "\(dir)/cases.csv", model = "\(dir)/model.json"
        try Self.csv.write(toFile: cases, atomically: true, encoding: .utf8)
        let out = try await Shell.run(try IntakeProcess.executable(),
                                      ["triage", "train", "--cases", cases, "--out", model, "--folds", "3", "--threshold", "0.8"],
                                      environment: Self.environment())
        #expect(out.contains("cases.csv: line 5: 1 fields where the header has 2 (row left out)"))
        #expect(out.contains("read 18 rows"))
        #expect(out.contains("cross-validation: 3 folds, stratified, seed 311"))
        for c in ["graffiti", "pothole", "streetlight"] {
            let row = [c, "6", "6", "6", "100.0", "%", "100.0", "%"]
            #expect(out.split(separator: "\n").contains { $0.split(separator: " ").map(String.init) == row }, "\(c): \(out)")
        }
        #expect(out.contains("accuracy: 18 / 18 = 100.0 %"))
        #expect(out.contains("wrote \(model): 3 categories"))

        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: model))) as? [String: Any])
        #expect(json["format"] as? Int == 1)
        #expect(json["categories"] as? [String] == ["graffiti", "pothole", "streetlight"])
        #expect(json["threshold"] as? Double == 0.8)
        #expect(json["features"] as? String == "folded-words+pairs/1")
        #expect((json["vocabulary"] as? [String])?.contains("light is") == true)

        // The setting names it; config check reads it, and names a file that is no model.
        var env = Self.environment()
        env["INTAKE_TRIAGE_MODEL"] = model
        let good = try await Shell.run(try IntakeProcess.executable(), ["config", "check"], environment: env)
        #expect(!good.contains("INTAKE_TRIAGE_MODEL"))
        env["INTAKE_TRIAGE_MODEL"] = cases
        do {
            let bad = try await Shell.run(try IntakeProcess.executable(), ["config", "check"], environment: env)
            #expect(bad.contains("INTAKE_TRIAGE_MODEL: '\(cases)' — expected a model file from intake triage train"))
        } catch let failure as Shell.Failure {
            #expect(failure.output.contains("INTAKE_TRIAGE_MODEL: '\(cases)' — expected a model file from intake triage train"))
        }
    }

    @Test("a file with no usable rows, or a header without text and category, is refused")
    func refusesBadFiles() async throws {
        let dir = try Paths.temporaryDirectory("triage-train-bad")
        let cases = "\(dir)/cases.csv"
        try "description,type\nhole,pothole\n".write(toFile: cases, atomically: true, encoding: .utf8)
        do {
            try await Shell.run(try IntakeProcess.executable(), ["triage", "train", "--cases", cases, "--out", "\(dir)/m.json"],
                                environment: Self.environment())
            Issue.record("a file without the columns was accepted")
        } catch let failure as Shell.Failure {
            #expect(failure.output.contains("must name the columns text and category"))
        }
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/m.json"))
    }
}
