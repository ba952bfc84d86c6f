internal import CMosquitto
import Foundation
public import IntakeCore
public import Logging

/// An MQTT v5 client over libmosquitto, with an async Swift face.
///
/// libmosquitto's calls block (DNS, TCP connect, `select`), so the client runs its own network
/// thread and never calls them from the cooperative pool. It reconnects with backoff, subscribes
/// again after every reconnect, and keeps a retained status message with a last will that marks
/// the process offline.
///
/// ```swift
/// let client = MQTTClient(configuration: .init(endpoint: settings.mqtt, clientID: "enrich-1"), logger: logger)
/// try await withThrowingTaskGroup(of: Void.self) { group in
///     group.addTask { try await client.run() }
///     try await client.subscribe("$share/enrich/311/v1/contact/+")
///     for await message in client.messages { … }
/// }
/// ```
public final class MQTTClient: @unchecked Sendable {
    public struct Configuration: Sendable {
        public var endpoint: MQTTEndpoint
        public var clientID: String
        /// Seconds between pings when idle. Default 30.
        public var keepAlive: Int
        /// The retained status topic and what it says online; the last will says offline.
        public var status: StatusConfiguration?
        /// Messages held for a consumer that falls behind before the broker is made to wait. Default 10,000.
        public var inboundCapacity: Int
        public var backoff: ReconnectBackoff
        /// Seconds the broker keeps this client's session (its subscriptions and the QoS 1 messages
        /// that arrive for them) after a disconnect. Default nil: a clean session each time.
        public var sessionExpirySeconds: UInt32?

        public init(endpoint: MQTTEndpoint, clientID: String, keepAlive: Int = 30, status: StatusConfiguration? = nil,
                    inboundCapacity: Int = 10_000, backoff: ReconnectBackoff = ReconnectBackoff(),
                    sessionExpirySeconds: UInt32? = nil) {
            self.endpoint = endpoint
            self.clientID = clientID
            self.keepAlive = keepAlive
            self.status = status
            self.inboundCapacity = inboundCapacity
            self.backoff = backoff
            self.sessionExpirySeconds = sessionExpirySeconds
        }
    }

    public struct StatusConfiguration: Sendable {
        public var topic: String
        public var online: [UInt8]
        public var offline: [UInt8]

        public init(topic: String, online: [UInt8], offline: [UInt8]) {
            self.topic = topic
            self.online = online
            self.offline = offline
        }
    }

    public enum ConnectionState: Sendable, Equatable {
        case disconnected, connecting, connected, stopped
    }

    private struct State {
        var connection = ConnectionState.disconnected
        /// Each filter's QoS and MQTT v5 subscription options (`MQTT_SUB_OPT_*`).
        var subscriptions: [String: (qos: Int, options: Int32)] = [:]
        var pendingAcks = PubackWaiters()
        var pendingSubscribes: [Int32: CheckedContinuation<Void, any Error>] = [:]
        var connectWaiters: [CheckedContinuation<Void, any Error>] = []
        var connectionListeners: [UUID: AsyncStream<ConnectionState>.Continuation] = [:]
        var stopRequested = false
        var backoff: ReconnectBackoff
        var lastRefusal: String?
    }

    public let configuration: Configuration
    let logger: Logger
    private let state: Locked<State>
    private let handle: Locked<UnsafeHandle?>
    let inbound: InboundQueue
    /// The network-thread handler of `consume(handlingNow:later:)`, while it runs.
    let handleNow = Locked<NetworkThreadHandler?>(nil)
    private let wake = NSCondition()
    /// Wakes the network thread from `poll` when another thread queues a packet.
    let nudge = NetworkNudge()
    private let finished = Locked<[CheckedContinuation<Void, Never>]>([])
    private let threadDone = Locked(false)

    /// Everything this client receives on its subscriptions.
    public var messages: BusSubscription { BusSubscription(queue: inbound) }

    public init(configuration: Configuration, logger: Logger) {
        Self.initializeLibrary
        self.configuration = configuration
        var l = logger
        l[metadataKey: "mqtt.client"] = .string(configuration.clientID)
        self.logger = l
        self.state = Locked(State(backoff: configuration.backoff))
        self.handle = Locked(nil)
        self.inbound = InboundQueue(capacity: configuration.inboundCapacity)
    }

    private static let initializeLibrary: Void = {
        mosquitto_lib_init()
    }()

    /// The first half of a graceful stop: no new messages. Those already received (and so already
    /// acknowledged to the broker) are still handed out, then `messages` ends, and the stage can
    /// finish its work and call `shutdown()`.
    public func stopReceiving(unsubscribing filters: [String], grace: Duration = .milliseconds(200)) async {
        for f in filters { unsubscribe(f) }
        // Messages the broker sent before it saw the UNSUBSCRIBE are still on the way.
        try? await Task.sleep(for: grace)
        inbound.finish()
    }

    public var connectionState: ConnectionState { state.withLock { $0.connection } }

    /// A stream of connection changes; each new subscriber first gets the current state.
    public func connectionChanges() -> AsyncStream<ConnectionState> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<ConnectionState>.makeStream(bufferingPolicy: .bufferingNewest(16))
        let current = state.withLock { s in
            s.connectionListeners[id] = continuation
            return s.connection
        }
        continuation.yield(current)
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.connectionListeners.removeValue(forKey: id) }
        }
        return stream
    }

    // MARK: - Running

    /// The client's root task: connects, keeps the connection, and returns after `shutdown()` or
    /// when its task is cancelled.
    public func run() async throws {
        guard let mosq = mosquitto_new(configuration.clientID, configuration.sessionExpirySeconds == nil, Unmanaged.passUnretained(self).toOpaque()) else {
            throw BusError.setupFailed("mosquitto_new failed")
        }
        try configure(mosq)
        handle.withLock { $0 = UnsafeHandle(pointer: mosq) }

        let loopHandle = UnsafeHandle(pointer: mosq)
        let thread = Thread { [self] in
            networkLoop(loopHandle.pointer)
            threadDone.withLock { $0 = true }
            let waiters = finished.withLock { w in
                defer { w.removeAll() }
                return w
            }
            for w in waiters { w.resume() }
        }
        thread.name = "mqtt-\(configuration.clientID)"
        thread.start()

        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let done = threadDone.withLock { done in
                    if !done { finished.withLock { $0.append(c) } }
                    return done
                }
                if done { c.resume() }
            }
        } onCancel: {
            requestStop()
        }

        handle.withLock { $0 = nil }
        mosquitto_destroy(mosq)
        inbound.finish()
        let (acks, subscribes, waiters, listeners) = state.withLock { s in
            s.connection = .stopped
            defer {
                s.pendingSubscribes.removeAll()
                s.connectWaiters.removeAll()
                s.connectionListeners.removeAll()
            }
            return (s.pendingAcks.removeAll(), Array(s.pendingSubscribes.values), s.connectWaiters, Array(s.connectionListeners.values))
        }
        for a in acks { a.finish(.failure(BusError.stopped)) }
        for a in subscribes { a.resume(throwing: BusError.stopped) }
        for w in waiters { w.resume(throwing: BusError.stopped) }
        for l in listeners {
            l.yield(.stopped)
            l.finish()
        }
    }

    /// Says offline on the status topic, disconnects cleanly (so the broker does not send the last
    /// will), and lets `run()` return.
    public func shutdown() async {
        if let status = configuration.status, connectionState == .connected {
            try? await publishAcknowledged(topic: status.topic, payload: status.offline, retain: true, timeout: .seconds(2))
        }
        requestStop()
    }

    private func requestStop() {
        state.withLock { $0.stopRequested = true }
        handle.withLock { h in
            if let h { mosquitto_disconnect_v5(h.pointer, 0, nil) }
        }
        nudge.nudge()
        wake.lock()
        wake.broadcast()
        wake.unlock()
    }

    private func configure(_ mosq: OpaquePointer) throws {
        mosquitto_int_option(mosq, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V5)
        mosquitto_int_option(mosq, MOSQ_OPT_TCP_NODELAY, 1)
        mosquitto_threaded_set(mosq, true)
        let e = configuration.endpoint
        if e.username != nil || e.password != nil {
            let rc = mosquitto_username_pw_set(mosq, e.username, e.password)
            guard rc == MOSQ_ERR_SUCCESS.rawValue else { throw BusError.setupFailed(Self.describe(rc)) }
        }
        if e.tls {
            let rc = mosquitto_tls_set(mosq, e.caFile, e.caFile == nil ? "/etc/ssl/certs" : nil, nil, nil, nil)
            guard rc == MOSQ_ERR_SUCCESS.rawValue else { throw BusError.setupFailed("TLS: \(Self.describe(rc))") }
        }
        if let status = configuration.status {
            let rc = status.offline.withUnsafeBytes { buf in
                mosquitto_will_set_v5(mosq, status.topic, Int32(buf.count), buf.baseAddress, 1, true, nil)
            }
            guard rc == MOSQ_ERR_SUCCESS.rawValue else { throw BusError.setupFailed("will: \(Self.describe(rc))") }
        }
        mosquitto_connect_v5_callback_set(mosq) { _, obj, rc, _, _ in
            MQTTClient.from(obj).didConnect(rc: rc)
        }
        mosquitto_disconnect_v5_callback_set(mosq) { _, obj, rc, _ in
            MQTTClient.from(obj).didDisconnect(rc: rc)
        }
        mosquitto_publish_v5_callback_set(mosq) { _, obj, mid, reason, _ in
            MQTTClient.from(obj).didPublish(mid: mid, reason: reason)
        }
        mosquitto_message_v5_callback_set(mosq) { _, obj, message, props in
            guard let message else { return }
            MQTTClient.from(obj).didReceive(message.pointee, properties: props)
        }
        mosquitto_subscribe_v5_callback_set(mosq) { _, obj, mid, count, granted, _ in
            let client = MQTTClient.from(obj)
            var refused: Int32?
            for i in 0..<Int(count) where (granted?[i] ?? 0) >= 0x80 {
                refused = granted?[i]
                client.logger.error("broker refused a subscription (reason \(granted?[i] ?? 0)): check the ACL for this user")
            }
            client.didSubscribe(mid: mid, refused: refused)
        }
    }

    private static func from(_ obj: UnsafeMutableRawPointer?) -> MQTTClient {
        Unmanaged<MQTTClient>.fromOpaque(obj!).takeUnretainedValue()
    }

    /// Runs on the client's own thread: connect, loop, and on any loss wait and connect again.
    private func networkLoop(_ mosq: OpaquePointer) {
        let e = configuration.endpoint
        while !state.withLock({ $0.stopRequested }) {
            if connectionState == .disconnected {
                setConnection(.connecting)
                var props: OpaquePointer? = nil
                if let expiry = configuration.sessionExpirySeconds {
                    mosquitto_property_add_int32(&props, Int32(MQTT_PROP_SESSION_EXPIRY_INTERVAL.rawValue), expiry)
                }
                let rc = mosquitto_connect_bind_v5(mosq, e.host, Int32(e.port), Int32(configuration.keepAlive), nil, props)
                mosquitto_property_free_all(&props)
                if rc != MOSQ_ERR_SUCCESS.rawValue {
                    setConnection(.disconnected)
                    let delay = state.withLock { $0.backoff.next() }
                    logger.warning("cannot reach broker \(e): \(Self.describe(rc)); next attempt in \(delay)")
                    sleepInterruptibly(delay)
                    continue
                }
            }
            let rc = turn(mosq, timeoutMilliseconds: loopTimeoutMilliseconds())
            expireAcks()
            if rc != MOSQ_ERR_SUCCESS.rawValue {
                if state.withLock({ $0.stopRequested }) { break }
                if connectionState != .disconnected { setConnection(.disconnected) }
                let (delay, refusal) = state.withLock { s in (s.backoff.next(), s.lastRefusal) }
                logger.warning("lost broker \(e): \(refusal ?? Self.describe(rc)); reconnecting in \(delay)")
                sleepInterruptibly(delay)
            }
        }
        // Let a queued DISCONNECT reach the socket.
        for _ in 0..<20 where turn(mosq, timeoutMilliseconds: 50) == MOSQ_ERR_SUCCESS.rawValue {}
    }

    /// One turn of the network thread, in place of `mosquitto_loop`: wait (at most `timeout`) for
    /// the socket or a nudge, read what has come, write what is queued (including what the
    /// message handlers just published), and keep the connection alive.
    private func turn(_ mosq: OpaquePointer, timeoutMilliseconds timeout: Int32) -> Int32 {
        let sock = mosquitto_socket(mosq)
        guard sock >= 0 else { return Int32(MOSQ_ERR_NO_CONN.rawValue) }
        nudge.willSleep()
        var fds = [
            pollfd(fd: sock, events: Int16(POLLIN) | (mosquitto_want_write(mosq) ? Int16(POLLOUT) : 0), revents: 0),
            pollfd(fd: nudge.readFD, events: Int16(POLLIN), revents: 0),
        ]
        let ready = poll(&fds, nudge.readFD >= 0 ? 2 : 1, timeout)
        nudge.awake()
        if ready < 0 && errno != EINTR { return Int32(MOSQ_ERR_ERRNO.rawValue) }
        if ready > 0 && fds[1].revents != 0 { nudge.drain() }
        if ready > 0 && fds[0].revents & Int16(POLLIN | POLLERR | POLLHUP) != 0 {
            let rc = mosquitto_loop_read(mosq, 1)
            guard rc == MOSQ_ERR_SUCCESS.rawValue else { return rc }
        }
        if mosquitto_want_write(mosq) {
            let rc = mosquitto_loop_write(mosq, 1)
            guard rc == MOSQ_ERR_SUCCESS.rawValue else { return rc }
        }
        return mosquitto_loop_misc(mosq)
    }

    private func sleepInterruptibly(_ d: Duration) {
        let end = ContinuousClock.now + d
        wake.lock()
        // Woken for the PUBACK deadlines that fall within the sleep, too.
        while !state.withLock({ $0.stopRequested }) {
            let now = ContinuousClock.now
            guard now < end else { break }
            let until = min(end, state.withLock { $0.pendingAcks.earliest } ?? end)
            let wait = until - now
            let seconds = Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18
            _ = wake.wait(until: Date(timeIntervalSinceNow: max(seconds, 0.001)))
            wake.unlock()
            expireAcks()
            wake.lock()
        }
        wake.unlock()
    }

    /// How long a turn may wait for the socket: a second, or less when a PUBACK's
    /// deadline comes sooner.
    private func loopTimeoutMilliseconds() -> Int32 {
        guard let earliest = state.withLock({ $0.pendingAcks.earliest }) else { return 1000 }
        let left = earliest - ContinuousClock.now
        guard left > .zero else { return 0 }
        let ms = left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1
        return Int32(min(ms, 1000))
    }

    /// Fails the PUBACK waits whose deadline has passed with `BusError.timedOut`.
    private func expireAcks() {
        let expired = state.withLock { $0.pendingAcks.expire(now: .now) }
        for w in expired { w.finish(.failure(BusError.timedOut)) }
    }

    private func setConnection(_ c: ConnectionState) {
        let listeners = state.withLock { s in
            s.connection = c
            return Array(s.connectionListeners.values)
        }
        for l in listeners { l.yield(c) }
    }

    // MARK: - Callbacks (network thread)

    private func didConnect(rc: Int32) {
        guard rc == 0 else {
            let reason = String(cString: mosquitto_reason_string(rc))
            logger.error("broker refused the connection: \(reason) (check INTAKE_MQTT_URL credentials and the broker's ACL)")
            state.withLock { $0.lastRefusal = "refused: \(reason)" }
            return
        }
        let subs = state.withLock { s in
            s.backoff.reset()
            s.lastRefusal = nil
            return s.subscriptions
        }
        logger.info("connected to broker \(configuration.endpoint)")
        if let mosq = handle.withLock({ $0?.pointer }) {
            for (filter, sub) in subs {
                mosquitto_subscribe_v5(mosq, nil, filter, Int32(sub.qos), sub.options, nil)
            }
            if let status = configuration.status {
                _ = status.online.withUnsafeBytes { buf in
                    mosquitto_publish_v5(mosq, nil, status.topic, Int32(buf.count), buf.baseAddress, 1, true, nil)
                }
            }
        }
        // The state changes and the waiters are taken under one lock: a `waitUntilConnected` that
        // looks in between would otherwise wait for a connection that has already happened.
        let (waiters, listeners) = state.withLock { s in
            s.connection = .connected
            defer { s.connectWaiters.removeAll() }
            return (s.connectWaiters, Array(s.connectionListeners.values))
        }
        for l in listeners { l.yield(.connected) }
        for w in waiters { w.resume() }
    }

    private func didDisconnect(rc: Int32) {
        if rc != 0 { logger.debug("disconnected from broker (rc \(rc))") }
        setConnection(.disconnected)
    }

    private func didPublish(mid: Int32, reason: Int32) {
        guard let w = state.withLock({ $0.pendingAcks.remove(mid: mid) }) else { return }
        if reason >= 0x80 {
            w.finish(.failure(BusError.rejected(String(cString: mosquitto_reason_string(reason)))))
        } else {
            w.finish(.success(()))
        }
    }

    private func didSubscribe(mid: Int32, refused: Int32?) {
        guard let c = state.withLock({ $0.pendingSubscribes.removeValue(forKey: mid) }) else { return }
        if let refused {
            c.resume(throwing: BusError.rejected(String(cString: mosquitto_reason_string(refused))))
        } else {
            c.resume()
        }
    }

    private func didReceive(_ m: mosquitto_message, properties: OpaquePointer?) {
        let topic = String(cString: m.topic)
        let payload = m.payloadlen > 0
            ? Array(UnsafeRawBufferPointer(start: m.payload, count: Int(m.payloadlen)))
            : []
        deliver(BusMessage(topic: topic, payload: payload, userProperties: Self.userProperties(properties),
                           qos: Int(m.qos), retain: m.retain))
    }

    private static func userProperties(_ props: OpaquePointer?) -> [(String, String)] {
        guard let props else { return [] }
        var out: [(String, String)] = []
        var name: UnsafeMutablePointer<CChar>?
        var value: UnsafeMutablePointer<CChar>?
        var cursor = mosquitto_property_read_string_pair(props, Int32(MQTT_PROP_USER_PROPERTY.rawValue), &name, &value, false)
        while cursor != nil {
            if let name, let value { out.append((String(cString: name), String(cString: value))) }
            free(name)
            free(value)
            name = nil
            value = nil
            cursor = mosquitto_property_read_string_pair(cursor, Int32(MQTT_PROP_USER_PROPERTY.rawValue), &name, &value, true)
        }
        return out
    }

    // MARK: - Operations

    /// Waits until the client is connected (or fails when it stops).
    public func waitUntilConnected() async throws {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
            let now = state.withLock { s -> ConnectionState in
                if s.connection != .connected && s.connection != .stopped { s.connectWaiters.append(c) }
                return s.connection
            }
            if now == .connected { c.resume() }
            if now == .stopped { c.resume(throwing: BusError.stopped) }
        }
    }

    /// Subscribes now if connected, and again after every reconnect. With `noLocal`, the broker
    /// does not send back what this client itself publishes on the filter (MQTT v5 No Local).
    public func subscribe(_ filter: String, qos: Int = 1, noLocal: Bool = false) throws {
        let options: Int32 = noLocal ? Int32(MQTT_SUB_OPT_NO_LOCAL.rawValue) : 0
        state.withLock { $0.subscriptions[filter] = (qos, options) }
        if connectionState == .connected, let mosq = handle.withLock({ $0?.pointer }) {
            let rc = mosquitto_subscribe_v5(mosq, nil, filter, Int32(qos), options, nil)
            nudge.nudge()
            guard rc == MOSQ_ERR_SUCCESS.rawValue || rc == MOSQ_ERR_NO_CONN.rawValue else {
                throw BusError.rejected("subscribe \(filter): \(Self.describe(rc))")
            }
        }
    }

    /// Subscribes, and waits for the broker's SUBACK when connected (at most `timeout`), so that
    /// what is published after it returns is heard. When not connected it returns at once: the
    /// subscription is made on connecting, like `subscribe`'s.
    public func subscribeAcknowledged(_ filter: String, qos: Int = 1, timeout: Duration = .seconds(5)) async throws {
        try await withTimeout(timeout) {
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
                let connected = self.state.withLock { s in
                    s.subscriptions[filter] = (qos, 0)
                    return s.connection == .connected
                }
                guard connected, let mosq = self.handle.withLock({ $0?.pointer }) else { return c.resume() }
                var mid: Int32 = 0
                // The waiter is known before the SUBACK callback, which takes the same lock, can run.
                let rc = self.state.withLock { s in
                    let rc = mosquitto_subscribe_v5(mosq, &mid, filter, Int32(qos), 0, nil)
                    if rc == MOSQ_ERR_SUCCESS.rawValue { s.pendingSubscribes[mid] = c }
                    return rc
                }
                self.nudge.nudge()
                if rc == MOSQ_ERR_NO_CONN.rawValue { c.resume() }
                else if rc != MOSQ_ERR_SUCCESS.rawValue { c.resume(throwing: BusError.rejected("subscribe \(filter): \(Self.describe(rc))")) }
            }
        }
    }

    public func unsubscribe(_ filter: String) {
        state.withLock { _ = $0.subscriptions.removeValue(forKey: filter) }
        if let mosq = handle.withLock({ $0?.pointer }) {
            mosquitto_unsubscribe_v5(mosq, nil, filter, nil)
            nudge.nudge()
        }
    }

    /// Hands a message to libmosquitto without waiting for the broker's PUBACK.
    ///
    /// Throws `BusError.notConnected` rather than letting libmosquitto queue it in memory: callers
    /// that must deliver keep the message themselves (the spool) and publish again on reconnect.
    public func send(topic: String, payload: some Collection<UInt8>, qos: Int = 1, retain: Bool = false,
                     userProperties: [(String, String)] = []) throws {
        _ = try enqueue(topic: topic, payload: payload, qos: qos, retain: retain, userProperties: userProperties, ack: nil)
    }

    /// Publishes and, for QoS 1, waits for the broker's PUBACK.
    public func publish(topic: String, payload: some Collection<UInt8>, qos: Int = 1, retain: Bool = false,
                        userProperties: [(String, String)] = []) async throws {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
            do {
                let mid = try enqueue(topic: topic, payload: payload, qos: qos, retain: retain,
                                      userProperties: userProperties,
                                      ack: qos > 0 ? PubackWaiter(resume: .continuation(c), deadline: nil) : nil)
                if qos == 0 || mid == nil { c.resume() }
            } catch {
                c.resume(throwing: error)
            }
        }
    }

    func enqueue(topic: String, payload: some Collection<UInt8>, qos: Int, retain: Bool,
                         userProperties: [(String, String)], ack: PubackWaiter?) throws -> Int32? {
        guard connectionState == .connected else { throw BusError.notConnected }
        guard let mosq = handle.withLock({ $0?.pointer }) else { throw BusError.stopped }
        var props: OpaquePointer?
        defer { mosquitto_property_free_all(&props) }
        for (k, v) in userProperties {
            mosquitto_property_add_string_pair(&props, Int32(MQTT_PROP_USER_PROPERTY.rawValue), k, v)
        }
        var mid: Int32 = 0
        // Register the waiter under the same lock the PUBACK callback takes, so a fast PUBACK
        // cannot arrive before its waiter is known.
        let rc: Int32 = try state.withLock { s in
            let rc = payload.withContiguousStorageIfAvailable { buf in
                mosquitto_publish_v5(mosq, &mid, topic, Int32(buf.count), buf.baseAddress, Int32(qos), retain, props)
            } ?? Array(payload).withUnsafeBufferPointer { buf in
                mosquitto_publish_v5(mosq, &mid, topic, Int32(buf.count), buf.baseAddress, Int32(qos), retain, props)
            }
            if rc == MOSQ_ERR_SUCCESS.rawValue, let ack { s.pendingAcks.insert(ack, mid: mid) }
            if rc == MOSQ_ERR_NO_CONN.rawValue { throw BusError.notConnected }
            return rc
        }
        nudge.nudge()
        guard rc == MOSQ_ERR_SUCCESS.rawValue else { throw BusError.rejected("publish to \(topic): \(Self.describe(rc))") }
        return ack == nil ? nil : mid
    }

    static func describe(_ rc: Int32) -> String {
        if rc == MOSQ_ERR_ERRNO.rawValue {
            return String(cString: strerror(errno))
        }
        return String(cString: mosquitto_strerror(rc))
    }
}

/// libmosquitto's handle, handed to the network thread; the client serialises its use.
private struct UnsafeHandle: @unchecked Sendable {
    let pointer: OpaquePointer
}

public enum BusError: Error, CustomStringConvertible, Equatable {
    case setupFailed(String)
    case notConnected
    case rejected(String)
    case stopped
    case timedOut

    public var description: String {
        switch self {
        case .setupFailed(let s): "MQTT client setup failed: \(s)"
        case .notConnected: "not connected to the broker"
        case .rejected(let s): "the broker or libmosquitto refused: \(s)"
        case .stopped: "the MQTT client has stopped"
        case .timedOut: "timed out waiting for the broker"
        }
    }
}

/// Runs `body`, failing with `BusError.timedOut` after `limit`. The caller is answered at the
/// limit even when `body` cannot be interrupted (a PUBACK that will never come): `body` is then
/// cancelled and left to end on its own.
public func withTimeout<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { (c: CheckedContinuation<T, any Error>) in
        let answer = ResumeOnce(c)
        let work = Task {
            do { answer.resume(with: .success(try await body())) } catch { answer.resume(with: .failure(error)) }
        }
        let timer = Task {
            try? await Task.sleep(for: limit)
            if answer.resume(with: .failure(BusError.timedOut)) { work.cancel() }
        }
        // The timer is not left sleeping once the body has answered.
        Task {
            _ = await work.result
            timer.cancel()
        }
    }
}

/// A continuation resumed by whichever side comes first.
private final class ResumeOnce<T: Sendable>: Sendable {
    private let continuation: Locked<CheckedContinuation<T, any Error>?>

    init(_ c: CheckedContinuation<T, any Error>) {
        continuation = Locked(c)
    }

    /// Returns whether this call was the one that resumed it.
    @discardableResult
    func resume(with result: Result<T, any Error>) -> Bool {
        guard let c = continuation.withLock({ c in defer { c = nil }; return c }) else { return false }
        c.resume(with: result)
        return true
    }
}
