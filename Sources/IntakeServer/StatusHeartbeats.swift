import IntakeBus
import IntakeCore
import Logging
import ServiceLifecycle

/// The status heartbeats of one process, one per stage it runs (`StatusHeartbeat`).
///
/// The escalation desk, where this process runs it, sets `escalationBacklog`; every heartbeat of
/// the process then reports its count as `unacknowledged_escalations` (the figure is
/// install-wide, so `intake status` shows the largest one any process reports, not a sum).
struct StatusHeartbeats {
    let settings: IntakeSettings
    let logger: Logger
    var escalationBacklog: (any EscalationBacklog)?
    private var stages: [(component: String, bus: MQTTClient, figures: @Sendable (Duration) async -> StatusReport.Figures)] = []

    init(settings: IntakeSettings, logger: Logger) {
        self.settings = settings
        self.logger = logger
    }

    mutating func add(_ component: String, bus: MQTTClient, figures: @escaping @Sendable (Duration) async -> StatusReport.Figures) {
        stages.append((component, bus, figures))
    }

    func services() -> [any Service] {
        let backlog = escalationBacklog
        return stages.map { stage -> any Service in
            StatusHeartbeat(bus: stage.bus, component: stage.component, settings: settings, logger: logger) { elapsed in
                var f = await stage.figures(elapsed)
                if let backlog { f.unacknowledgedEscalations = await backlog.unacknowledgedCount() }
                return f
            }
        }
    }
}
