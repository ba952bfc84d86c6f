import Foundation
import IntakeCore
import IntakeTestSupport
import Testing

/// The short version of `intake-bench scaleout`, run as an operator runs it: its own broker and
/// database, 1+1+1 then 2+2+2 adapter, enrich and writer processes under a signed load spread over
/// both adapters, one replica of each kind SIGKILLed and restarted.
@Suite("Scale-out")
struct ScaleOutTests {
    @Test("2+2+2 processes on shared subscriptions: every replica works, nothing accepted is lost or stored twice, nobody is told twice, throughput measured beside 1+1+1")
    func twoOfEach() async throws {
        let bench = URL(fileURLWithPath: try IntakeProcess.executable()).deletingLastPathComponent().appendingPathComponent("intake-bench").path
        #expect(FileManager.default.isExecutableFile(atPath: bench), "build intake-bench beside intake")
        let folder = try Paths.temporaryDirectory("scaleout")
        let json = "\(folder)/scaleout.json"
        let log = "\(folder)/scaleout.log"
        var env = ProcessInfo.processInfo.environment
        env["INTAKE_SHARED_DATA"] = try Paths.sharedData()
        let pid = try ChildProcess.spawn(bench, ["scaleout", "--quick", "--json", json, "--repository", Paths.repository],
                                         environment: env, output: log)
        // waitpid blocks: on a thread of its own, never on the cooperative pool.
        let status: Int32 = await withCheckedContinuation { c in
            Thread.detachNewThread { c.resume(returning: ChildProcess.wait(pid)) }
        }
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(status == 0, "intake-bench scaleout --quick exited \(status):\n\(output.split(separator: "\n").suffix(40).joined(separator: "\n"))")
        let data = try #require(FileManager.default.contents(atPath: json), "no figures written:\n\(output.suffix(3000))")
        guard case .object(let r) = try JSONReader.parse(Array(data)) else { Issue.record("not a JSON object"); return }
        #expect((r["accepted"]?.number ?? 0) > 500)
        #expect(r["accepted"]?.number == r["committed"]?.number)
        #expect(r["lost"]?.number == 0)
        #expect(r["duplicated"]?.number == 0)
        #expect(r["residents_told_twice"]?.number == 0)

        guard case .array(let topologies)? = r["topologies"] else { Issue.record("no topologies in the figures"); return }
        let replicas = topologies.compactMap { if case .object(let t) = $0 { t["replicas"]?.number } else { nil } }
        #expect(replicas == [1, 2])
        for case .object(let t) in topologies {
            let n = Int(t["replicas"]?.number ?? 0)
            #expect((t["median_committed_per_second"]?.number ?? 0) > 0, "\(n)+\(n)+\(n) committed nothing")
            guard case .object(let work)? = t["work"] else { Issue.record("no work per replica for \(n)+\(n)+\(n)"); continue }
            // Shared subscriptions split the work: each enrich and each writer took part of it, and
            // each adapter took its share of the load.
            for stage in ["adapters", "enrich", "writer"] {
                for i in 1...max(n, 1) {
                    #expect((work["\(stage)-\(i)"]?.number ?? 0) > 0, "\(stage)-\(i) did no work in \(n)+\(n)+\(n): \(work)")
                }
            }
            if n == 2 {
                // Shared, not each to all: the two replicas together handled about the contacts
                // committed once each (a contact published again may be handled twice), not twice that.
                guard case .array(let rounds)? = t["rounds"] else { Issue.record("no rounds"); continue }
                let committed = rounds.compactMap { if case .object(let x) = $0 { x["committed"]?.number } else { nil } }.reduce(0, +)
                for stage in ["enrich", "writer"] {
                    let both = (work["\(stage)-1"]?.number ?? 0) + (work["\(stage)-2"]?.number ?? 0)
                    #expect(both >= committed * 0.99 && both < committed * 1.5, "\(stage): \(both) handled for \(committed) committed")
                }
            }
        }

        guard case .array(let faults)? = r["faults"] else { Issue.record("no kills in the figures"); return }
        let names = faults.compactMap { if case .object(let f) = $0 { f["name"]?.stringValue } else { nil } }
        for part in ["adapters-1", "enrich-1", "writer-1"] {
            #expect(names.contains { $0.hasPrefix(part) }, "no SIGKILL of \(part) in \(names)")
        }
        for case .object(let f) in faults {
            #expect(f["recovery_seconds"] != nil, "\(f["name"]?.stringValue ?? "?") did not recover")
        }
    }
}

private extension JSONValue {
    var number: Double? { if case .number(let n) = self { n } else { nil } }
}
