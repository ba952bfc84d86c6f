import Foundation
import IntakeCore
import IntakeTestSupport
import Testing

/// A broker or database killed with SIGKILL leaves its pid file behind, and with 32768 process
/// numbers a busy machine soon gives that number to another process. `stack.sh` must then start
/// the server again and stop nothing but its own servers.
@Suite("Stale pid files")
struct StalePIDFileTests {
    @Test("after SIGKILL, pid files naming other processes: up starts the servers again, down signals neither stranger")
    func strangersAreLeftAlone() async throws {
        let dir = try Paths.temporaryDirectory("stale-pid")
        let script = Paths.stackScript
        let ports = ["--mqtt-port", "\(try freePort())", "--pg-port", "\(try freePort())"]
        try await Shell.run("/bin/bash", [script, "up", "--dir", dir] + ports)
        defer { _ = try? ChildProcess.run("/bin/bash", [script, "down", "--dir", dir]) }
        let data = (try? FileManager.default.destinationOfSymbolicLink(atPath: "\(dir)/pg")) ?? "\(dir)/pg"
        let brokerFile = "\(dir)/mosquitto/mosquitto.pid"
        let databaseFile = "\(data)/postmaster.pid"
        let broker = try Self.pid(in: brokerFile)
        let postmaster = try Self.pid(in: databaseFile)
        kill(broker, SIGKILL)
        kill(postmaster, SIGKILL)
        // The postmaster's children leave once they see it gone.
        try await Task.sleep(for: .seconds(3))

        // Two strangers now hold the numbers the pid files name.
        let log = "\(dir)/strangers.log"
        let strangers = [try ChildProcess.spawn("/bin/sleep", ["120"], output: log),
                         try ChildProcess.spawn("/bin/sleep", ["120"], output: log)]
        defer { for s in strangers { kill(s, SIGKILL); _ = ChildProcess.wait(s) } }
        try "\(strangers[0])\n".write(toFile: brokerFile, atomically: true, encoding: .utf8)
        var lines = try String(contentsOfFile: databaseFile, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        lines[0] = Substring("\(strangers[1])")
        try lines.joined(separator: "\n").write(toFile: databaseFile, atomically: true, encoding: .utf8)

        let up = try await Shell.run("/bin/bash", [script, "up", "--dir", dir] + ports)
        #expect(up.contains("broker up on"), "\(up)")
        #expect(up.contains("database up on"), "\(up)")
        #expect(strangers.allSatisfy { ChildProcess.poll($0) == nil }, "up signalled a stranger")
        #expect(try Self.pid(in: brokerFile) != strangers[0])

        // Killed again, so that the pid files are stale once more when down reads them.
        kill(try Self.pid(in: brokerFile), SIGKILL)
        try "\(strangers[0])\n".write(toFile: brokerFile, atomically: true, encoding: .utf8)
        try await Shell.run("/bin/bash", [script, "down", "--dir", dir])
        #expect(strangers.allSatisfy { ChildProcess.poll($0) == nil }, "down signalled a stranger")
    }

    static func pid(in file: String) throws -> pid_t {
        let text = try String(contentsOfFile: file, encoding: .utf8)
        guard let first = text.split(separator: "\n").first, let pid = pid_t(first.trimmingCharacters(in: .whitespaces)) else {
            throw TestSetupError("no pid in \(file)")
        }
        return pid
    }
}
