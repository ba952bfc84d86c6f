public import Foundation

/// Starts and waits for child processes with posix_spawn and waitpid.
///
/// Foundation's `Process` can miss the exit of a child that started daemons (the broker, the
/// database) and then waits forever; the benchmark and the tests start children this way instead.
public enum ChildProcess {
    public struct Failure: Error, CustomStringConvertible {
        public var command: String
        public var status: Int32
        public var output: String
        public var description: String { "`\(command)` exited \(status):\n\(output)" }
    }

    /// Starts `executable` with stdin from `stdin` and stdout and stderr appended to `output`.
    public static func spawn(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                             stdin: String = "/dev/null", output: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else is inherited. SwiftNIO accepts connections without close-on-exec, so a
        // daemon started now (the broker, the database) would otherwise hold a client's socket
        // open after the server closed it, and that client would never see the connection end.
        if let closeFrom = Self.addCloseFrom { _ = closeFrom(&actions, 3) }
        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        // A child starts with no signal blocked and every signal at its default: it must not
        // inherit this process's mask or its ignored SIGPIPE (a broker that cannot see SIGTERM
        // is only ever stopped by SIGKILL, without saving its state).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard rc == 0 else {
            throw Failure(command: executable, status: rc, output: "cannot start: \(String(cString: strerror(rc)))")
        }
        return pid
    }

    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which Swift's Glibc
    /// module does not declare.
    private static let addCloseFrom: AddCloseFrom? = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np")
        .map { unsafeBitCast($0, to: AddCloseFrom.self) }

    /// Waits for `pid` and returns its exit status (128 + the signal when it was killed).
    public static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return decode(status)
    }

    /// The exit status if `pid` has ended (reaping it), else nil.
    public static func poll(_ pid: pid_t) -> Int32? {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == pid ? decode(status) : nil
    }

    private static func decode(_ status: Int32) -> Int32 {
        status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Runs a command to completion (blocking the calling thread) and returns what it printed.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                           input: String? = nil) throws -> String {
        let base = NSTemporaryDirectory() + "child-\(UUID().uuidString)"
        let outPath = base + ".out"
        let inPath = base + ".in"
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
}
