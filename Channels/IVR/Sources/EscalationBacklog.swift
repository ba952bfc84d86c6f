import IntakeCore

/// The calls whose escalation the bus has not taken yet. The state files are the durable record;
/// this is the retry loop's list, filled from them at start.
final class EscalationBacklog: Sendable {
    private let sids = Locked<Set<String>>([])

    func insert(_ sid: String) { _ = sids.withLock { $0.insert(sid) } }
    func remove(_ sid: String) { _ = sids.withLock { $0.remove(sid) } }
    var all: [String] { sids.withLock { Array($0) } }
}
