import Foundation
public import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import NIOCore
public import IntakeBus
public import IntakeChannel
public import IntakeCore
public import Logging

/// The one HTTP server of a process: the channels' webhooks, pages and sockets, `/health` and `/metrics`.
public enum HTTPServer {
    public static func application(
        settings: IntakeSettings, adapters: [any ChannelAdapter], buses: [String: MQTTClient], departments: DepartmentAPI? = nil,
        console: StaffConsole? = nil, waitingForDatabase: (@Sendable () -> Set<String>)? = nil, logger: Logger
    ) -> some ApplicationProtocol {
        let router = Router()
        router.middlewares.add(LogRequestsMiddleware(.debug))
        router.middlewares.add(RetryAfterMiddleware(seconds: settings.limits.retryAfterSeconds))
        let intakes = adapters.map(\.intake)
        for a in adapters { a.addRoutes(to: router) }
        departments?.addRoutes(to: router)
        console?.addRoutes(to: router)
        router.get("/health") { _, _ -> Response in
            var components: [String: String] = [:]
            var healthy = true
            // Stages that wait for PostgreSQL have not connected their buses yet; intake works meanwhile.
            let waiting = waitingForDatabase?() ?? []
            for (name, bus) in buses {
                if waiting.contains(name) {
                    components[name] = "waiting for the database"
                    continue
                }
                let state = bus.connectionState
                components[name] = state == .connected ? "connected" : "\(state)"
                healthy = healthy && state == .connected
            }
            // A spool that takes no contacts (over its limit, or its disk full) makes every webhook 503: say so here too.
            var spools: [String: String] = [:]
            var reasons: [String] = []
            for intake in intakes {
                let pressure = intake.spool.pressure
                spools[intake.adapter] = pressure.reason == nil ? "accepting" : "refusing"
                if let reason = pressure.reason { reasons.append("\(intake.adapter): \(reason)") }
            }
            for (name, state) in components where state != "connected" && !waiting.contains(name) { reasons.append("bus \(name): \(state)") }
            // Where adapters run, they take contacts while the writer waits; a process of only the writer is not up.
            if !waiting.isEmpty && intakes.isEmpty { reasons.append("waiting for PostgreSQL") }
            healthy = healthy && reasons.isEmpty
            let body = try IntakeJSON.encode(Health(status: healthy ? "ok" : "degraded", instance: settings.instance,
                                                    version: IntakeVersion.current, bus: components,
                                                    spools: spools.isEmpty ? nil : spools, reasons: reasons.isEmpty ? nil : reasons.sorted(),
                                                    database: waitingForDatabase == nil ? nil : (waiting.isEmpty ? "ready" : "waiting")))
            var headers: HTTPFields = [.contentType: "application/json"]
            if !healthy { headers[.retryAfter] = String(settings.limits.retryAfterSeconds) }
            return Response(status: healthy ? .ok : .serviceUnavailable, headers: headers,
                            body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
        router.get("/metrics") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                     body: .init(byteBuffer: ByteBuffer(bytes: IntakeMetrics.registry.emitToBuffer())))
        }
        // Upgrades are matched against the sockets' own router only, never against the webhooks.
        let sockets = Router(context: ChannelSocketContext.self)
        for a in adapters { a.addWebSocketRoutes(to: sockets) }
        // A frame may carry the largest attachment base64-encoded; the channel refuses what is
        // larger than its own limit with a message, and the socket closes (1009) beyond this.
        let maxFrame = max(1 << 16, settings.maxAttachmentBytes / 3 * 4 + (1 << 16))
        let socketResponder = sockets.buildResponder()
        let limits = settings.limits
        let configuration = HTTP1WebSocketUpgradeChannel.Configuration(
            http1: .init(idleTimeout: .nanoseconds(Int64(limits.httpIdleTimeout.components.seconds) * 1_000_000_000)),
            ws: .init(maxFrameSize: maxFrame))
        let readTimeout = TimeAmount.nanoseconds(Int64(limits.httpReadTimeout.components.seconds) * 1_000_000_000)
        return Application(
            router: router,
            server: HTTPServerBuilder { responder in
                GuardedChildChannel(
                    inner: HTTP1WebSocketUpgradeChannel(responder: responder, webSocketResponder: socketResponder, configuration: configuration),
                    readTimeout: readTimeout)
            },
            configuration: .init(address: .hostname(settings.httpHost, port: settings.httpPort), serverName: "intake"),
            logger: logger)
    }

    struct Health: Encodable {
        var status: String
        var instance: String
        var version: String
        var bus: [String: String]
        /// Each adapter's spool: accepting or refusing new contacts.
        var spools: [String: String]?
        /// Why the process is not healthy, when it is not.
        var reasons: [String]?
        /// Where the writer runs: "ready", or "waiting" while PostgreSQL does not answer yet.
        var database: String?
    }
}
