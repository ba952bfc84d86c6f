import Foundation
import IntakeCore

/// The conversations held in memory, by token: at most `capacity`, each forgotten `idle` after
/// its last message. A live socket registers to be pushed what arrives later (a reference that
/// came after the wait), otherwise it waits in the conversation's outbox.
final class ChatConversations: Sendable {
    private struct State {
        var byToken: [String: ChatConversation] = [:]
        var tokenByID: [String: String] = [:]
        var listeners: [String: (id: UUID, continuation: AsyncStream<ChatOutbound>.Continuation)] = [:]
        var lastSweep = Date.distantPast
    }

    let capacity: Int
    let idle: TimeInterval
    private let state = Locked(State())

    init(capacity: Int, idle: TimeInterval) {
        self.capacity = capacity
        self.idle = idle
    }

    var count: Int { state.withLock { $0.byToken.count } }

    /// The conversation of `token` if it is still held, or a new one.
    func open(token: String?, language: String, now: Date = Date()) -> (ChatConversation, resumed: Bool) {
        state.withLock { s in
            if let token, var c = s.byToken[token], now.timeIntervalSince(c.lastSeen) <= idle {
                c.lastSeen = now
                s.byToken[token] = c
                return (c, true)
            }
            // Expired conversations are dropped once a minute, and the idlest whenever the store is full.
            if now.timeIntervalSince(s.lastSweep) >= 60 {
                s.lastSweep = now
                Self.evict(&s, now: now, idle: idle, capacity: 0, expiredOnly: true)
            }
            Self.evict(&s, now: now, idle: idle, capacity: capacity - 1)
            let c = ChatConversation(id: Self.random(12), token: Self.random(24), language: language, now: now)
            s.byToken[c.token] = c
            s.tokenByID[c.id] = c.token
            return (c, false)
        }
    }

    /// Applies `change` to the conversation of `token`; nil if it is no longer held.
    @discardableResult
    func update<T>(_ token: String, now: Date = Date(), _ change: (inout ChatConversation) -> T) -> T? {
        state.withLock { s in
            guard var c = s.byToken[token] else { return nil }
            c.lastSeen = now
            let r = change(&c)
            s.byToken[token] = c
            return r
        }
    }

    /// Applies `change` to the conversation named `id` in contacts; nil if it is no longer held.
    @discardableResult
    func update<T>(id: String, _ change: (inout ChatConversation) -> T) -> T? {
        state.withLock { s in
            guard let token = s.tokenByID[id], var c = s.byToken[token] else { return nil }
            let r = change(&c)
            s.byToken[token] = c
            return r
        }
    }

    /// Sends `message` to the conversation `id`: to its live page, or to its outbox.
    func push(toConversation id: String, _ message: ChatOutbound) -> Bool {
        state.withLock { s in
            guard let token = s.tokenByID[id], s.byToken[token] != nil else { return false }
            if let l = s.listeners[token] {
                l.continuation.yield(message)
            } else {
                s.byToken[token]?.outbox.append(message)
                if s.byToken[token]!.outbox.count > 8 { s.byToken[token]!.outbox.removeFirst() }
            }
            return true
        }
    }

    /// Registers the live page of `token` (replacing an older socket's) and hands it the outbox.
    func listen(_ token: String) -> (id: UUID, stream: AsyncStream<ChatOutbound>, waiting: [ChatOutbound]) {
        let (stream, continuation) = AsyncStream<ChatOutbound>.makeStream(bufferingPolicy: .bufferingNewest(16))
        let id = UUID()
        let waiting = state.withLock { s -> [ChatOutbound] in
            s.listeners[token]?.continuation.finish()
            s.listeners[token] = (id, continuation)
            let o = s.byToken[token]?.outbox ?? []
            s.byToken[token]?.outbox = []
            return o
        }
        return (id, stream, waiting)
    }

    func stopListening(_ token: String, id: UUID) {
        state.withLock { s in
            // Only the socket that registered last unregisters; an older one was replaced already.
            guard s.listeners[token]?.id == id else { return }
            s.listeners.removeValue(forKey: token)?.continuation.finish()
        }
    }

    /// Drops expired conversations, then (unless `expiredOnly`) the idlest until at most `capacity` are left.
    private static func evict(_ s: inout State, now: Date, idle: TimeInterval, capacity: Int, expiredOnly: Bool = false) {
        if s.byToken.count <= capacity { return }
        var drop = s.byToken.values.filter { now.timeIntervalSince($0.lastSeen) > idle }.map(\.token)
        if !expiredOnly, s.byToken.count - drop.count > capacity {
            let living = s.byToken.values.filter { now.timeIntervalSince($0.lastSeen) <= idle }.sorted { $0.lastSeen < $1.lastSeen }
            drop += living.prefix(s.byToken.count - drop.count - capacity).map(\.token)
        }
        for t in drop {
            if let c = s.byToken.removeValue(forKey: t) { s.tokenByID.removeValue(forKey: c.id) }
            s.listeners.removeValue(forKey: t)?.continuation.finish()
        }
    }

    /// `bytes` random bytes as lowercase hex.
    static func random(_ bytes: Int) -> String {
        var g = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &g)) }.joined()
    }
}
