import Foundation
public import IntakeCore
public import Logging
public import ServiceLifecycle

/// Republishes one stage's retained `status/{component}/{instance}` every `INTAKE_STATUS_SECONDS`
/// with its figures and `last_seen`, so that `intake status` can tell a live process from one
/// that stopped answering (silent for three intervals) even when its last word was "online".
///
/// Start it after the stage's own service: on shutdown it stops first, so it never says online
/// again after the stage's client has said offline.
public final class StatusHeartbeat: Service {
    let bus: MQTTClient
    let component: String
    let instance: String
    let topic: String
    let interval: Duration
    let since = Date()
    let figures: @Sendable (_ elapsed: Duration) async -> StatusReport.Figures
    let logger: Logger

    /// `figures` is asked once per interval; `elapsed` is the time since it was last asked, for rates.
    public init(bus: MQTTClient, component: String, settings: IntakeSettings, logger: Logger,
                figures: @escaping @Sendable (_ elapsed: Duration) async -> StatusReport.Figures) {
        self.bus = bus
        self.component = component
        self.instance = settings.instance
        self.topic = settings.topics.status(component: component, instance: settings.instance)
        self.interval = settings.statusInterval
        self.figures = figures
        self.logger = logger
    }

    public func run() async throws {
        // Graceful shutdown cancels the beat, which ends the sleep at once.
        await cancelWhenGracefulShutdown { await self.beat() }
    }

    private func beat() async {
        var last = ContinuousClock.now
        let changes = bus.connectionChanges()
        await withDiscardingTaskGroup { group in
            // At once on every (re)connect, then on the interval.
            group.addTask {
                for await state in changes where state == .connected {
                    await self.publish(elapsed: nil)
                }
            }
            while !Task.isCancelled {
                do { try await Task.sleep(for: interval) } catch { break }
                let now = ContinuousClock.now
                await publish(elapsed: now - last)
                last = now
            }
            group.cancelAll()
        }
    }

    func publish(elapsed: Duration?) async {
        guard bus.connectionState == .connected else { return }
        let f = await figures(elapsed ?? interval)
        let seconds = Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18
        let report = StatusReport(component: component, instance: instance, state: .online, version: IntakeVersion.current,
                                  since: since, lastSeen: Date(), intervalSeconds: seconds, figures: f)
        do {
            try bus.sendJSON(report, topic: topic, qos: 1, retain: true)
        } catch {
            logger.debug("status not published: \(error)")
        }
    }
}

/// The escalation desk's count of escalations no dispatcher has acknowledged yet.
///
/// The runtime hands the desk (which conforms) to the status heartbeats of its process, so that
/// `intake status` shows the figure; the desk also sets the `intake_escalations_unacknowledged`
/// gauge (`EscalationBacklogMetric`). A process without a desk reports no figure (nil).
public protocol EscalationBacklog: Sendable {
    func unacknowledgedCount() async -> Int
}
