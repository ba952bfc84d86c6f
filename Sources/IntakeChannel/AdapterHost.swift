import Foundation
public import IntakeBus
public import IntakeCore
public import Logging
import Metrics
public import ServiceLifecycle

/// Runs a process's channel adapters on one bus connection: routes receipts to each adapter's
/// `ContactIntake`, publishes what is owed again (on reconnect, when a case writer comes back,
/// and paced on a timer: `RepublishPacing`), and hands `reply/{channel}` messages to the adapter
/// that can send them, a few at a time per provider (`ReplyThrottle`).
///
/// With several instances of the adapters, `reply/{channel}` is shared: each reply goes to one of
/// them. A case number owed after a late receipt is different: only the instance that holds the
/// contact can owe it, and only that instance's `SentReplies` knows whether it was sent before a
/// crash. It goes on `reply/{channel}/{instance}`, which that instance alone takes, so a copy owed
/// again after a restart is never sent by a peer that never saw the first.
public final class AdapterHost: Service {
    public struct Adapter: Sendable {
        public var intake: ContactIntake { channel.intake }
        public var channel: any ChannelAdapter

        public init(_ channel: any ChannelAdapter) {
            self.channel = channel
        }
    }

    let adapters: [Adapter]
    let bus: MQTTClient
    let topics: TopicTree
    /// This process's `INTAKE_INSTANCE`: the last level of the replies only it may send.
    let instance: String
    let logger: Logger
    let deadLetters: DeadLetters
    /// Replies already sent (durably, under `$INTAKE_DATA_DIR/replies`), so that one published
    /// twice is sent once, also across a restart.
    let sentReplies: SentReplies
    let retry: ReplyRetry
    let throttle: ReplyThrottle
    /// The case writers' status, from their retained status topics.
    public let writers = WriterPresence()

    /// - Parameter sentReplies: nil keeps sent ids in memory only.
    public init(adapters: [any ChannelAdapter], bus: MQTTClient, topics: TopicTree, instance: String, logger: Logger,
                sentReplies: SentReplies? = nil, retry: ReplyRetry = ReplyRetry(),
                replyLimits: ReplyThrottle.Limits = ReplyThrottle.Limits()) throws {
        self.sentReplies = try sentReplies ?? SentReplies(directory: nil)
        self.retry = retry
        self.throttle = ReplyThrottle(limits: replyLimits)
        self.adapters = adapters.map(Adapter.init)
        self.bus = bus
        self.topics = topics
        self.instance = instance
        self.logger = logger
        deadLetters = DeadLetters(stage: "adapters", bus: bus, topics: topics, logger: logger)
    }

    public func run() async throws {
        // Retained: each writer's last word arrives at once on (re)subscribing.
        try bus.subscribe(topics.status(component: "writer", instance: "+"), qos: 1)
        for a in adapters {
            try bus.subscribe(topics.receipt(adapter: a.intake.adapter), qos: 1)
            // Shared: each reply is sent by one instance of the adapter, however many run.
            try bus.subscribe(TopicTree.shared(group: "\(a.channel.channel)-replies", topics.reply(channel: a.channel.channel)), qos: 1)
            // Shared too, so that two processes given the same INTAKE_INSTANCE by mistake still send each once.
            try bus.subscribe(TopicTree.shared(group: "\(a.channel.channel)-replies-\(instance)",
                                               topics.reply(channel: a.channel.channel, instance: instance)), qos: 1)
        }
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await self.bus.run() }
            group.addTask { await self.republishOnReconnect() }
            group.addTask { await self.republishPeriodically() }
            group.addTask { await self.consume() }
            try? await gracefulShutdown()
            logger.info("adapters stopping; \(adapters.map { $0.intake.spool.pendingCount }.reduce(0, +)) contact(s) stay spooled")
            await bus.shutdown()
            for a in adapters { await a.intake.spool.close() }
            group.cancelAll()
        }
    }

    private func republishOnReconnect() async {
        for await state in bus.connectionChanges() where state == .connected {
            for a in adapters { a.intake.republishAllNow() }
        }
    }

    /// Five passes a second, sharing one budget of `INTAKE_REPUBLISH_PER_SECOND` among the
    /// adapters, spread evenly over the second; what a pass leaves due, a later one publishes.
    private func republishPeriodically() async {
        let passes = 5
        let perSecond = adapters.map(\.intake.pacing.perSecond).min() ?? 200
        var allowance = 0.0
        var writer = writers.state()
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1) / passes)
            let now = writers.state()
            if now == .online && writer != .online {
                // A writer is back: what waited for it is due now (within the budget).
                logger.info("a case writer is online; publishing the waiting contacts again")
                for a in adapters { a.intake.republishAllNow() }
            } else if now == .down && writer != .down {
                logger.warning("no case writer is online; waiting contacts are published again at most every \(adapters.first?.intake.pacing.writerDown ?? .seconds(60))")
            }
            writer = now
            // What an idle spell leaves unused is not saved up: no burst when a writer comes back.
            let share = Double(perSecond) / Double(passes)
            allowance = min(allowance + share, share + 1)
            var budget = Int(allowance)
            for a in adapters where budget > 0 {
                budget -= a.intake.republish(writer: writer, budget: budget)
            }
            allowance -= Double(Int(allowance) - budget)
        }
    }

    private func consume() async {
        await withDiscardingTaskGroup { group in
            for await message in bus.messages {
                let levels = message.topic.dropFirst(topics.prefix.count + 1).split(separator: "/")
                if levels.count == 3, levels[0] == "status", levels[1] == "writer" {
                    writers.heard(instance: String(levels[2]), payload: Array(message.payload))
                    continue
                }
                // reply/{channel}/{instance}: owed by this instance (another instance's never arrives here).
                if levels.count == 3, levels[0] == "reply", levels[2] == instance {
                    guard let a = adapters.first(where: { $0.channel.channel == levels[1] }) else { continue }
                    group.addTask { await self.deliver(message, with: a) }
                    continue
                }
                guard levels.count == 2, let name = levels.last.map(String.init) else { continue }
                switch levels[0] {
                case "receipt":
                    guard let a = adapters.first(where: { $0.intake.adapter == name }) else { continue }
                    handleReceipts(message, for: a)
                case "reply":
                    guard let a = adapters.first(where: { $0.channel.channel == name }) else { continue }
                    group.addTask { await self.deliver(message, with: a) }
                default:
                    continue
                }
            }
        }
    }

    private func handleReceipts(_ message: BusMessage, for a: Adapter) {
        let batch: ReceiptBatch
        do {
            batch = try IntakeJSON.decode(ReceiptBatch.self, from: message.payload)
        } catch {
            logger.error("unreadable receipt on \(message.topic): \(error)")
            return
        }
        var answered: [String] = []
        let owed = a.intake.receiptsArrived(batch, answered: &answered)
        do {
            // Kept across a restart: a receipt that comes again later (an acknowledgement lost in
            // a crash) does not send the reference the webhook's answer already gave.
            try sentReplies.sent(answered.map { ReplyMessage.referenceFollowsID(contactID: $0) })
        } catch {
            logger.error("could not record \(answered.count) reference(s) given in webhook answers: \(error)")
        }
        for (contact, receipt) in owed {
            if sentReplies.contains(ReplyMessage.referenceFollowsID(contactID: contact.id)) { continue }
            do {
                guard let reply = try a.channel.referenceFollows(for: contact, receipt: receipt)?.answering(receipt) else { continue }
                try bus.send(topic: topics.reply(channel: reply.channel, instance: instance), payload: IntakeJSON.encode(reply), qos: 1)
            } catch {
                logger.error("could not queue the reference for contact \(contact.id): \(error)")
            }
        }
    }

    private func deliver(_ message: BusMessage, with a: Adapter) async {
        let reply: ReplyMessage
        do {
            reply = try IntakeJSON.decode(ReplyMessage.self, from: message.payload)
        } catch {
            logger.error("unreadable reply on \(message.topic): \(error)")
            deadLetters.send(message, reason: "unreadable reply: \(error)")
            return
        }
        switch sentReplies.claim(reply.id) {
        case .alreadySent, .inFlight:
            Counter(label: "intake_replies_duplicates_total", dimensions: [("channel", reply.channel)]).increment()
            logger.debug("reply \(reply.id) already sent or being sent")
            return
        case .claimed:
            break
        }
        var attempt = 1
        while true {
            do {
                try await throttle.send(provider: a.channel.channel) { try await a.channel.deliver(reply) }
                handled(reply)
                Counter(label: "intake_replies_sent_total", dimensions: [("channel", reply.channel)]).increment()
                logger.info("reply sent", metadata: ["reply": .string(reply.id), "case": .string(reply.caseRef ?? "-"),
                                                     "attempt": .stringConvertible(attempt)])
                return
            } catch let suppressed as ReplySuppressed {
                handled(reply)
                Counter(label: "intake_replies_suppressed_total", dimensions: [("channel", reply.channel), ("reason", suppressed.reason)])
                    .increment()
                logger.debug("reply \(reply.id) not sent: \(suppressed)")
                return
            } catch {
                let permanent = (error as? any ReplyFailureKind)?.isPermanent ?? false
                if !permanent, let wait = retry.delay(after: attempt) {
                    Counter(label: "intake_replies_retried_total", dimensions: [("channel", reply.channel)]).increment()
                    logger.warning("reply \(reply.id) not sent (try \(attempt) of \(retry.attempts)); trying again in \(wait): \(error)")
                    do {
                        try await Task.sleep(for: wait)
                    } catch {
                        // Shutting down: a copy published again after the restart may still be sent.
                        sentReplies.release(reply.id)
                        return
                    }
                    attempt += 1
                    continue
                }
                // Released: a copy published later (by a relay, after a fix) gets its own tries.
                sentReplies.release(reply.id)
                Counter(label: "intake_replies_failed_total", dimensions: [("channel", reply.channel)]).increment()
                let why = permanent ? "refused for good" : "not sent after \(attempt) \(attempt == 1 ? "try" : "tries")"
                logger.error("reply \(reply.id) \(why): \(error)")
                deadLetters.send(message, reason: "reply \(why): \(error)")
                return
            }
        }
    }

    /// The reply went out (or was deliberately not sent): recorded, so that a copy is not sent.
    private func handled(_ reply: ReplyMessage) {
        do {
            try sentReplies.sent(reply.id)
        } catch {
            logger.error("reply \(reply.id) went out but could not be recorded as sent (a copy may be sent again): \(error)")
        }
    }
}
