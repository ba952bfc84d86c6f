public import IntakeCore

/// Bounds the replies sent to each provider (Twilio, Telegram, WhatsApp, the SMTP server …): at
/// most `concurrency` sends at once, and sends started no closer together than `1 / perSecond`.
///
/// After an outage thousands of "your case number is…" messages come due at once; sent unbounded
/// they exhaust the process's memory and connections and trip the provider's own rate limits.
/// Waiting replies queue in order; a reply waiting to be tried again holds no place.
public final class ReplyThrottle: Sendable {
    public struct Limits: Sendable, Equatable {
        public var concurrency: Int
        public var perSecond: Int

        public init(concurrency: Int = 4, perSecond: Int = 10) {
            self.concurrency = max(1, concurrency)
            self.perSecond = max(1, perSecond)
        }

        public init(settings: IntakeSettings) {
            self.init(concurrency: settings.replyConcurrency, perSecond: settings.replyRatePerSecond)
        }
    }

    public let limits: Limits
    private let gates = Locked<[String: Gate]>([:])

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Runs `send` when the provider has a free place and its rate allows.
    public func send<T: Sendable>(provider: String, _ send: () async throws -> T) async throws -> T {
        let gate = gates.withLock { g in
            if let existing = g[provider] { return existing }
            let new = Gate(limits)
            g[provider] = new
            return new
        }
        await gate.enter()
        do {
            let result = try await send()
            await gate.leave()
            return result
        } catch {
            await gate.leave()
            throw error
        }
    }

    /// One provider's places and pace.
    actor Gate {
        let concurrency: Int
        let spacing: Duration
        private var running = 0
        private var waiting: [CheckedContinuation<Void, Never>] = []
        private var head = 0
        private var nextStart = ContinuousClock.now

        init(_ limits: Limits) {
            concurrency = limits.concurrency
            spacing = .seconds(1) / limits.perSecond
        }

        func enter() async {
            if running < concurrency {
                running += 1
            } else {
                // `leave` hands its place straight to the first waiter.
                await withCheckedContinuation { waiting.append($0) }
            }
            let now = ContinuousClock.now
            let start = max(now, nextStart)
            nextStart = start + spacing
            if start > now { try? await Task.sleep(until: start, clock: .continuous) }
        }

        func leave() {
            if head < waiting.count {
                let next = waiting[head]
                head += 1
                if head > 1024, head * 2 > waiting.count {
                    waiting.removeFirst(head)
                    head = 0
                }
                next.resume()
            } else {
                running -= 1
            }
        }
    }
}
