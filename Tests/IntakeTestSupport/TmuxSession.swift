import Foundation
import IntakeCore

/// A command running in a tmux session on a server of its own (`tmux -L <socket>`), so that a
/// test sees what an operator's terminal shows (`capture-pane`), colours included.
public final class TmuxSession: Sendable {
    public let socket: String
    public let name = "floor"

    private init(socket: String) {
        self.socket = socket
    }

    /// Starts `command` (run by /bin/sh) in a detached session of `width`×`height` characters;
    /// the pane stays on screen if the command ends, so that its last words can be read.
    public static func start(_ command: String, width: Int = 200, height: Int = 50) async throws -> TmuxSession {
        let session = TmuxSession(socket: "intake-test-\(UUID().uuidString.prefix(8))")
        let dir = try Paths.temporaryDirectory("tmux")
        let conf = "\(dir)/tmux.conf"
        try "set -g remain-on-exit on\nset -g default-terminal screen-256color\nset -g history-limit 5000\n"
            .write(toFile: conf, atomically: true, encoding: .utf8)
        let script = "\(dir)/run.sh"
        try "#!/bin/sh\n\(command)\n".write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        try await session.tmux(["-f", conf, "new-session", "-d", "-s", session.name, "-x", String(width), "-y", String(height), script])
        return session
    }

    /// The screen as text; with `escapes`, with its colour escape sequences.
    public func screen(escapes: Bool = false) async throws -> String {
        try await tmux(["capture-pane", "-p", "-J"] + (escapes ? ["-e"] : []) + ["-t", name])
    }

    /// Waits until the screen (as `screen(escapes:)` reads it) satisfies `predicate`, and returns it.
    @discardableResult
    public func waitForScreen(_ what: String, timeout: Duration = .seconds(30), escapes: Bool = false,
                              _ predicate: (String) -> Bool) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        var last = ""
        while ContinuousClock.now < deadline {
            last = try await screen(escapes: escapes)
            if predicate(last) { return last }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw TestSetupError("the terminal did not show \(what) within \(timeout); it showed:\n\(last)")
    }

    /// Ends the session's server and what runs in it.
    public func stop() async {
        _ = try? await tmux(["kill-server"])
    }

    @discardableResult
    private func tmux(_ arguments: [String]) async throws -> String {
        try await Shell.run("/usr/bin/env", ["tmux", "-L", socket] + arguments)
    }

    /// A shell command line that runs `executable` with `arguments` and `environment` over a clean
    /// environment (the tmux server's own may not be the test's).
    public static func commandLine(_ executable: String, _ arguments: [String], environment: [String: String]) -> String {
        func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let env = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\(quote($0.value))" }
        return (["exec", "env", "-u", "NO_COLOR"] + env + [quote(executable)] + arguments.map(quote)).joined(separator: " ")
    }
}
