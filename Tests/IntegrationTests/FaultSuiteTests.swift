import Foundation
import IntakeCore
import IntakeTestSupport
import Testing

/// The quick version of `intake-bench faults`, run as an operator runs it: its own broker,
/// database, intake processes and provider stand-ins, a steady signed load, each part killed.
@Suite("Fault suite")
struct FaultSuiteTests {
    @Test("each part killed in turn under a steady signed load: nothing accepted is lost or stored twice, nobody is told twice, every part recovers")
    func quick() async throws {
        let bench = URL(fileURLWithPath: try IntakeProcess.executable()).deletingLastPathComponent().appendingPathComponent("intake-bench").path
        #expect(FileManager.default.isExecutableFile(atPath: bench), "build intake-bench beside intake")
        let json = "\(try Paths.temporaryDirectory("faults"))/faults.json"
        let log = "\(try Paths.temporaryDirectory("faults"))/faults.log"
        var env = ProcessInfo.processInfo.environment
        env["INTAKE_SHARED_DATA"] = try Paths.sharedData()
        let pid = try ChildProcess.spawn(bench, ["faults", "--quick", "--json", json, "--repository", Paths.repository],
                                         environment: env, output: log)
        // waitpid blocks: on a thread of its own, never on the cooperative pool (two threads here).
        let status: Int32 = await withCheckedContinuation { c in
            Thread.detachNewThread { c.resume(returning: ChildProcess.wait(pid)) }
        }
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(status == 0, "intake-bench faults --quick exited \(status):\n\(output.split(separator: "\n").suffix(40).joined(separator: "\n"))")
        let data = try #require(FileManager.default.contents(atPath: json), "no figures written:\n\(output.suffix(3000))")
        guard case .object(let r) = try JSONReader.parse(Array(data)) else { Issue.record("not a JSON object"); return }
        #expect((r["accepted"]?.number ?? 0) > 200)
        #expect(r["accepted"]?.number == r["committed"]?.number)
        #expect(r["lost"]?.number == 0)
        #expect(r["duplicated"]?.number == 0)
        #expect(r["residents_told_twice"]?.number == 0)
        guard case .array(let faults)? = r["faults"] else { Issue.record("no faults in the figures"); return }
        let names = faults.compactMap { if case .object(let f) = $0 { f["name"]?.stringValue } else { nil } }
        for part in ["intake run", "broker", "PostgreSQL", "adapters", "enrich", "writer"] {
            #expect(names.contains { $0.hasPrefix(part) }, "no fault for \(part) in \(names)")
        }
        #expect(names.contains { $0.hasPrefix("spool's disk full") }, "the spool's disk was not filled (the tests run as root)")
        for case .object(let f) in faults {
            #expect(f["recovery_seconds"] != nil, "\(f["name"]?.stringValue ?? "?") did not recover")
            #expect(f["note"] == nil, "\(f["name"]?.stringValue ?? "?"): \(f["note"]?.stringValue ?? "")")
        }
    }
}

private extension JSONValue {
    var number: Double? { if case .number(let n) = self { n } else { nil } }
}
