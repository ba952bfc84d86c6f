import Foundation
public import IntakeBus
public import IntakeCore
public import Logging
import Metrics
public import ServiceLifecycle

/// Runs a process's channel adapters on one bus connection: routes receipts to each adapter's
/// `ContactIntake`, publishes what is owed again (on reconnect and on a timer), and hands
/// `reply/{channel}` messages to the adapter that can send them.
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
    let logger: Logger
    let deadLetters: DeadLetters
    /// Replies already sent (durably, under `$INTAKE_DATA_DIR/replies`), so that one published
    /// twice is sent once, also across a restart.
    let sentReplies: SentReplies
    let retry: ReplyRetry

    /// - Parameter sentReplies: nil keeps sent ids in memory only.
    public init(adapters: [any ChannelAdapter], bus: MQTTClient, topics: TopicTree, logger: Logger,
                sentReplies: SentReplies? = nil, retry: ReplyRetry = ReplyRetry()) throws {
        self.sentReplies = try sentReplies ?? SentReplies(directory: nil)
        self.retry = retry
        self.adapters = adapters.map(Adapter.init)
        self.bus = bus
        self.topics = topics
        self.logger = logger
        deadLetters = DeadLetters(stage: "adapters", bus: bus, topics: topics, logger: logger)
    }

    public func run() async throws {
        for a in adapters {
            try bus.subscribe(topics.receipt(adapter: a.intake.adapter), qos: 1)
            // Shared: each reply is sent by one instance of the adapter, however many run.
            try bus.subscribe(TopicTree.shared(group: "\(a.channel.channel)-replies", topics.reply(channel: a.channel.channel)), qos: 1)
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
            for a in adapters { a.intake.republish(all: true) }
        }
    }

    private func republishPeriodically() async {
        let tick = adapters.map(\.intake.redeliveryInterval).min() ?? .seconds(10)
        while !Task.isCancelled {
            try? await Task.sleep(for: tick / 2)
            for a in adapters { a.intake.republish() }
        }
    }

    private func consume() async {
        await withDiscardingTaskGroup { group in
            for await message in bus.messages {
                let levels = message.topic.dropFirst(topics.prefix.count + 1).split(separator: "/")
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
        for (contact, receipt) in a.intake.receiptsArrived(batch) {
            do {
                guard let reply = try a.channel.referenceFollows(for: contact, receipt: receipt) else { continue }
                try bus.send(topic: topics.reply(channel: reply.channel), payload: IntakeJSON.encode(reply), qos: 1)
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
                try await a.channel.deliver(reply)
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
