import Foundation
public import Hummingbird
public import IntakeBus
public import IntakeChannel
public import IntakeCore
public import Logging

/// The one HTTP server of a process: the channels' webhooks and pages, `/health` and `/metrics`.
public enum HTTPServer {
    public static func application(
        settings: IntakeSettings, adapters: [any ChannelAdapter], buses: [String: MQTTClient], logger: Logger
    ) -> some ApplicationProtocol {
        let router = Router()
        router.middlewares.add(LogRequestsMiddleware(.debug))
        for a in adapters { a.addRoutes(to: router) }
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
        return Application(
            router: router,
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
