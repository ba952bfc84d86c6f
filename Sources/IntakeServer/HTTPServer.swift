import Foundation
public import Hummingbird
import HummingbirdWebSocket
public import IntakeBus
public import IntakeChannel
public import IntakeCore
public import Logging

/// The one HTTP server of a process: the channels' webhooks, pages and sockets, `/health` and `/metrics`.
public enum HTTPServer {
    public static func application(
        settings: IntakeSettings, adapters: [any ChannelAdapter], buses: [String: MQTTClient], departments: DepartmentAPI? = nil,
        console: StaffConsole? = nil, logger: Logger
    ) -> some ApplicationProtocol {
        let router = Router()
        router.middlewares.add(LogRequestsMiddleware(.debug))
        for a in adapters { a.addRoutes(to: router) }
        departments?.addRoutes(to: router)
        console?.addRoutes(to: router)
        router.get("/health") { _, _ -> Response in
            var components: [String: String] = [:]
            var healthy = true
            for (name, bus) in buses {
                let state = bus.connectionState
                components[name] = state == .connected ? "connected" : "\(state)"
                healthy = healthy && state == .connected
            }
            let body = try IntakeJSON.encode(Health(status: healthy ? "ok" : "degraded", instance: settings.instance,
                                                    version: IntakeVersion.current, bus: components))
            return Response(status: healthy ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
        router.get("/metrics") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                     body: .init(byteBuffer: ByteBuffer(bytes: IntakeMetrics.registry.emitToBuffer())))
        }
        // Upgrades are matched against the sockets' own router only, never against the webhooks.
        let sockets = Router(context: BasicWebSocketRequestContext.self)
        for a in adapters { a.addWebSocketRoutes(to: sockets) }
        // A frame may carry the largest attachment base64-encoded; the channel refuses what is
        // larger than its own limit with a message, and the socket closes (1009) beyond this.
        let maxFrame = max(1 << 16, settings.maxAttachmentBytes / 3 * 4 + (1 << 16))
        return Application(
            router: router,
            server: .http1WebSocketUpgrade(webSocketRouter: sockets, configuration: .init(ws: .init(maxFrameSize: maxFrame))),
            configuration: .init(address: .hostname(settings.httpHost, port: settings.httpPort), serverName: "intake"),
            logger: logger)
    }

    struct Health: Encodable {
        var status: String
        var instance: String
        var version: String
        var bus: [String: String]
    }
}
