import Foundation
import IntakeCore

/// Whether any case writer is up, as the adapters hear it on the retained
/// `status/writer/{instance}` topics (the heartbeat says online; the last will says offline).
///
/// Republishing a contact cannot help while no writer runs: it only fills the broker's queues.
/// The adapters pace it then (`RepublishPacing`), and publish what waits as soon as a writer says
/// online again.
public final class WriterPresence: Sendable {
    public enum State: Sendable, Equatable {
        /// No writer status heard yet (a writer that predates status topics, or an ACL that hides
        /// them): republishing keeps its ordinary pace.
        case unknown
        case online
        /// Writers were heard, and none of them says online now (or all fell silent).
        case down
    }

    private struct Heard {
        var state: StatusReport.State
        /// When this process heard it; a heartbeat silent for three intervals is a writer gone.
        var at: ContinuousClock.Instant
        var interval: Duration?
    }

    private let heard = Locked<[String: Heard]>([:])

    public init() {}

    /// Takes a status report published on `status/writer/{instance}`; an empty payload (a retained
    /// status cleared) forgets the instance.
    public func heard(instance: String, payload: [UInt8], now: ContinuousClock.Instant = .now) {
        guard !payload.isEmpty, let report = try? IntakeJSON.decode(StatusReport.self, from: payload) else {
            heard.withLock { _ = $0.removeValue(forKey: instance) }
            return
        }
        let interval = report.intervalSeconds.map { Duration.milliseconds(Int($0 * 1000)) }
        heard.withLock { $0[instance] = Heard(state: report.state, at: now, interval: interval) }
    }

    public func state(now: ContinuousClock.Instant = .now) -> State {
        heard.withLock { h in
            guard !h.isEmpty else { return .unknown }
            let up = h.values.contains { w in
                guard w.state == .online else { return false }
                guard let interval = w.interval else { return true }
                return now - w.at <= interval * 3
            }
            return up ? .online : .down
        }
    }
}
