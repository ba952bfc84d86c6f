public import Foundation

/// Runs commands with posix_spawn and waitpid on a thread of their own (Foundation's `Process`
/// can miss a child's exit on Linux and wait forever).
public enum Shell {
    public struct Failure: Error, CustomStringConvertible {
        public var command: String
        public var status: Int32
        public var output: String
        public var description: String { "`\(command)` exited \(status):\n\(output)" }
    }

    /// Runs a command to completion and returns what it printed (stdout and stderr together).
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                           input: String? = nil) async throws -> String {
        try await withCheckedThrowingContinuation { c in
            Thread.detachNewThread {
                c.resume(with: Result { try runBlocking(executable, arguments, environment: environment, input: input) })
            }
        }
    }

    static func runBlocking(_ executable: String, _ arguments: [String], environment: [String: String]?, input: String?) throws -> String {
        let dir = NSTemporaryDirectory() + "shell-\(UUID().uuidString)"
        let outPath = dir + ".out"
        let inPath = dir + ".in"
        FileManager.default.createFile(atPath: inPath, contents: Data((input ?? "").utf8))
        defer {
            unlink(outPath)
            unlink(inPath)
        }
        let pid = try spawn(executable, arguments, environment: environment, stdin: inPath, output: outPath)
        let status = wait(pid)
        let text = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        guard status == 0 else {
            throw Failure(command: ([executable] + arguments).joined(separator: " "), status: status, output: text)
        }
        return text
    }

    /// Starts a command with stdin from `stdin` and stdout and stderr appended to `output`.
    public static func spawn(_ executable: String, _ arguments: [String], environment: [String: String]?,
                             stdin: String = "/dev/null", output: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard rc == 0 else { throw TestSetupError("cannot start \(executable): \(String(cString: strerror(rc)))") }
        return pid
    }

    /// Waits for `pid` and returns its exit status (128 + signal when killed).
    public static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if status & 0x7f == 0 { return (status >> 8) & 0xff }
        return 128 + (status & 0x7f)
    }
}
