public import Foundation
public import IntakeCore

/// Runs commands off the cooperative pool, on a thread of their own.
public enum Shell {
    public typealias Failure = ChildProcess.Failure

    /// Runs a command to completion and returns what it printed (stdout and stderr together).
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                           input: String? = nil) async throws -> String {
        try await withCheckedThrowingContinuation { c in
            Thread.detachNewThread {
                c.resume(with: Result { try ChildProcess.run(executable, arguments, environment: environment, input: input) })
            }
        }
    }
}
