import Foundation
import IntakeCore
import IntakeTestSupport
import Testing

/// `INTAKE_TRIAGE_MODEL` through the running stages: a model trained by `intake triage train`
/// files a report the rules do not understand, and the case says the model decided.
@Suite("Triage model in the pipeline")
struct TriageModelPipelineTests {
    @Test("with INTAKE_TRIAGE_MODEL the enrich stage files what the rules leave as other under the model's category")
    func modelFilesUnmatchedReport() async throws {
        let dir = try Paths.temporaryDirectory("triage-model-pipeline")
        // Made-up words no rule has, so that only the model can know them.
        var rows = ["text,category"]
        for i in 0..<5 {
            rows.append("qqzx vrrm zorp \(i),pothole")
            rows.append("blorf wuggle \(i),graffiti")
        }
        try (rows.joined(separator: "\n") + "\n").write(toFile: "\(dir)/cases.csv", atomically: true, encoding: .utf8)
        let env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("INTAKE_") }
        try await Shell.run(try IntakeProcess.executable(),
                            ["triage", "train", "--cases", "\(dir)/cases.csv", "--out", "\(dir)/model.json", "--folds", "0"], environment: env)

        var settings = try Paths.geoSettings()
        settings["INTAKE_TRIAGE_MODEL"] = "\(dir)/model.json"
        try await ChannelHarness.with(stages: [.adapters, .enrich, .writer], settings: settings) { h in
            let r = try await h.post("/twilio/sms", TestTwilio.smsParameters(body: "qqzx vrrm zorp", from: "+15205550131"))
            let ref = try #require(CaseReference.first(in: r.body, prefix: "TUC")?.description)
            let db = try await h.stack.ownerConnection()
            #expect(try await db.query("SELECT category FROM cases WHERE ref = $1", [ref])[0, "category"] == "pothole")
            let matched = try await db.query("SELECT envelope->'triage'->'matched' AS m FROM contacts WHERE case_ref = $1", [ref])[0, "m"]
            #expect(matched?.contains("\"model ") == true, "\(matched ?? "nil")")
            await db.close()
        }
    }
}
