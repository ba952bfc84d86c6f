import Foundation
import IntakeChannel
import IntakeCore
public import Logging

/// Calls in progress, one JSON file per CallSid under `$INTAKE_DATA_DIR/calls/`, written durably
/// before each answer to Twilio, so that an adapter killed between two steps of a call carries on
/// after a restart with the answers already given.
///
/// The folder belongs to one adapter process (as its spool does); a call's requests must reach
/// the instance that answered its start (see the README on running several).
public struct CallStore: Sendable {
    public let directory: String
    let logger: Logger

    public init(directory: String, logger: Logger) throws {
        self.directory = directory
        self.logger = logger
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        removeLeftovers()
    }

    public func path(for callSID: String) -> String { "\(directory)/\(callSID).json" }

    /// The call's state, or nil when it is unknown (never started here, finished, or swept).
    /// A file that does not decode is moved aside as `.unreadable` and the call counts as unknown.
    public func load(_ callSID: String) -> CallState? {
        let path = path(for: callSID)
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        do {
            return try IntakeJSON.decode(CallState.self, from: data)
        } catch {
            logger.error("call state \(callSID) is unreadable and was set aside: \(error)")
            rename(path, "\(path).unreadable")
            return nil
        }
    }

    public func save(_ state: CallState) throws {
        try DurableFile.replace(path(for: state.callSID), with: IntakeJSON.encode(state))
    }

    public func delete(_ callSID: String) {
        DurableFile.remove(path(for: callSID))
    }

    /// The CallSids with a state file, for the sweep.
    public func callSIDs() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.compactMap { name in
            guard name.hasSuffix(".json") else { return nil }
            let sid = String(name.dropLast(".json".count))
            return CallSID.isValid(sid) ? sid : nil
        }
    }

    /// Temporary files of writes a crash interrupted; the file they were replacing is intact.
    private func removeLeftovers() {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where name.hasSuffix(".tmp") {
            unlink("\(directory)/\(name)")
        }
    }
}
