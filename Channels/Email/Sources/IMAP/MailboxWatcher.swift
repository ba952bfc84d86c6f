import Foundation
import IntakeBus
import IntakeChannel
import IntakeCore
import Logging
import Metrics
import ServiceLifecycle
import Synchronization

/// The email channel's mailbox reader, run as the adapter's service.
///
/// It takes every message above the last UID it took, in UID order: parses it, keeps its files,
/// makes the contact durable in the spool, and only then records the UID (fsync'd). It IDLEs when
/// the server offers it, else polls. A message moves to the processed folder once its receipt has
/// come; one it cannot parse moves to the unprocessable folder and to `deadletter/email`. It never
/// deletes mail. After a restart or a dropped connection it starts again from the recorded UID;
/// a UIDVALIDITY change starts it from the mailbox's beginning (contact ids from Message-IDs
/// make a message taken twice one contact).
final class MailboxWatcher: Service, @unchecked Sendable {
    struct Dependencies: Sendable {
        var intake: ContactIntake
        var blobs: BlobStore
        var threads: ThreadIndex
        var deadLetters: DeadLetters
        var caseReferencePrefix: String
        var maxAttachmentBytes: Int
        var statePath: String
        /// "status TUC-…" mails, answered without becoming contacts (nil: read as reports).
        var status: EmailStatusAnswers? = nil
    }

    let settings: EmailSettings
    let deps: Dependencies
    let logger: Logger
    private let session = IMAPSession()
    private let queue = BlockingQueue(label: "intake.email.imap")
    private let stopping = Atomic<Bool>(false)
    /// Only touched by `run`'s task.
    private var state: MailboxState
    /// Whether the server offered IDLE at the last login (only touched by `run`'s task).
    private var idleOffered = false
    private let taken = Counter(label: "intake_email_messages_total", dimensions: [("outcome", "contact")])
    private let ignored = Counter(label: "intake_email_messages_total", dimensions: [("outcome", "ignored")])
    private let unprocessable = Counter(label: "intake_email_messages_total", dimensions: [("outcome", "unprocessable")])
    private let deferredCount = Counter(label: "intake_email_messages_total", dimensions: [("outcome", "deferred")])

    init(settings: EmailSettings, dependencies: Dependencies, logger: Logger) {
        self.settings = settings
        self.deps = dependencies
        self.logger = logger
        state = MailboxState.load(from: dependencies.statePath)
    }

    /// A receipt came (or anything else worth a look): ends the current IDLE or wait at once.
    func wake() {
        session.wake()
    }

    func run() async throws {
        try await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                await loop()
            } onCancel: {
                self.stop()
            }
        } onGracefulShutdown: {
            self.stop()
        }
        let s = session
        _ = try? await queue.run { s.close() }
    }

    private func stop() {
        stopping.store(true, ordering: .sequentiallyConsistent)
        session.wake()
    }

    private var isStopping: Bool { stopping.load(ordering: .sequentiallyConsistent) }

    private func loop() async {
        var backoff = 1
        while !isStopping {
            do {
                try await connect()
                backoff = 1
                while !isStopping {
                    try await pass()
                    if isStopping { break }
                    try await waitForMail()
                }
            } catch {
                if isStopping { break }
                logger.warning("mailbox \(settings.imap.host): \(error); connecting again in \(backoff) s")
                let s = session
                _ = try? await queue.run { s.close() }
                for _ in 0..<(backoff * 10) where !isStopping { try? await Task.sleep(for: .milliseconds(100)) }
                backoff = min(backoff * 2, 60)
            }
        }
    }

    private func connect() async throws {
        let s = session, settings = settings
        let (validity, idle) = try await queue.run { () -> (UInt32, Bool) in
            try s.connect(settings.imap, auth: settings.auth, tls: settings.tls, token: settings.oauthToken)
            try s.ensureMailbox(settings.processedFolder)
            try s.ensureMailbox(settings.unprocessableFolder)
            return (try s.select(settings.imap.mailbox), s.hasIdle)
        }
        idleOffered = idle
        if validity != state.uidValidity {
            if state.uidValidity != 0 {
                logger.warning("mailbox \(settings.imap.mailbox): UIDVALIDITY changed from \(state.uidValidity) to \(validity); reading it again from the start")
            }
            state.reset(uidValidity: validity)
            try saveState()
        }
        logger.info("mailbox \(settings.imap.mailbox) on \(settings.imap.host): watching from UID \(state.lastUID) (\(settings.idle && idleOffered ? "IDLE" : "polling every \(settings.pollInterval)"))")
    }

    private func waitForMail() async throws {
        let s = session
        if let due = state.deferred.values.min() {
            // Mail is waiting for its sender's limit: wake when it is due, not at the next IDLE renewal.
            let seconds = min(max(1, Int(due.timeIntervalSinceNow.rounded(.up))), Int(settings.pollInterval.components.seconds))
            try await queue.run {
                s.sleep(seconds: seconds)
                try s.noop()
            }
            return
        }
        if settings.idle && idleOffered {
            // RFC 2177: renew IDLE well within 29 minutes.
            let seconds = min(Int(settings.pollInterval.components.seconds) * 10, 1500)
            _ = try await queue.run { try s.idle(seconds: max(seconds, 60)) }
        } else {
            let seconds = Int(settings.pollInterval.components.seconds)
            try await queue.run {
                s.sleep(seconds: seconds)
                try s.noop()
            }
        }
    }

    /// Takes what is new, then moves what has its receipt; again while the server announced new
    /// mail meanwhile (an EXISTS in the answer to a FETCH or a MOVE is not repeated by IDLE).
    func pass() async throws {
        let s = session
        var rounds = 0
        var announced = false
        repeat {
            rounds += 1
            // Mail put off for its sender's limit, once its time has come.
            let now = Date()
            for (uid, due) in state.deferred.sorted(by: { $0.key < $1.key }) where due <= now {
                if isStopping { return }
                state.deferred[uid] = nil
                try await take(uid)
            }
            let after = state.lastUID
            let uids = try await queue.run { () -> [UInt32] in
                s.resetAnnouncements()
                return try s.uids(after: after)
            }
            for uid in uids {
                if isStopping { return }
                try await take(uid)
            }
            for (uid, id) in state.awaitingMove.sorted(by: { $0.key < $1.key }) where deps.intake.spool.pendingContact(id) == nil {
                let folder = settings.processedFolder
                try await queue.run { try s.move(uid: uid, to: folder) }
                state.awaitingMove[uid] = nil
                try saveState()
            }
            announced = try await queue.run { s.newMessageAnnounced }
        } while announced && !isStopping && rounds < 1000
    }

    private func take(_ uid: UInt32) async throws {
        let s = session
        guard let raw = try await queue.run({ try s.fetch(uid: uid) }) else {
            // Gone before we read it (another client moved it): nothing to take.
            state.lastUID = max(state.lastUID, uid)
            try saveState()
            return
        }
        let mail: ParsedMail
        do {
            mail = try MailParser.parse(raw)
            guard mail.from != nil else { throw MailParseError.noSender }
        } catch {
            try await setAside(uid, raw: raw, reason: "unparseable mail: \(error)")
            return
        }
        if let signal = MailLoopSignal.detect(mail, ownAddress: settings.address) {
            ignored.increment()
            logger.info("mail UID \(uid) makes no case: \(signal.rawValue)")
            let folder = settings.processedFolder
            try await queue.run { try s.move(uid: uid, to: folder) }
            state.lastUID = max(state.lastUID, uid)
            try saveState()
            return
        }
        // A sender past INTAKE_SENDER_RATE_PER_MINUTE (a mail loop, a flood) is put off, not
        // refused: the message stays in the mailbox and is taken once the sender may send again.
        if let from = mail.from?.address.lowercased(), state.awaitingMove[uid] == nil,
           let seconds = deps.intake.spendAllowance(of: "email:\(from)") {
            state.deferred[uid] = Date().addingTimeInterval(Double(seconds))
            state.lastUID = max(state.lastUID, uid)
            try saveState()
            deferredCount.increment()
            logger.notice("mail UID \(uid) put off for \(seconds) s: its sender is over the per-sender limit",
                          metadata: ["from": .string(Redacted(from).description)])
            return
        }
        let (attachments, skipped) = storeFiles(of: mail, raw: raw)
        var extra: [String: JSONValue] = ["imap_uid": .number(Double(uid)), "imap_mailbox": .string(settings.imap.mailbox)]
        if !skipped.isEmpty { extra["attachments_skipped"] = .array(skipped) }
        let contact = EmailContact.envelope(mail: mail, raw: raw, attachments: attachments,
                                            caseReferencePrefix: deps.caseReferencePrefix, extra: extra)
        // Taken again (a UIDVALIDITY change, a copy): whether it was answered stays recorded.
        let answered = deps.threads.entry(contactID: contact.id)?.answered
        try deps.threads.save(.init(messageID: mail.messageID, references: mail.references, subject: mail.subject,
                                    answerTo: mail.answerAddress?.address, answered: answered), contactID: contact.id)
        if let status = deps.status, let request = status.request(in: mail), let to = mail.answerAddress?.address {
            try await status.answer(request, contact: contact, to: to)
            Counter(label: "intake_status_requests_total", dimensions: [("channel", EmailContact.channel)]).increment()
            logger.info("mail asked for a case status", metadata: ["uid": .stringConvertible(uid), "case": .string(request.ref ?? "-")])
            let folder = settings.processedFolder
            try await queue.run { try s.move(uid: uid, to: folder) }
            state.lastUID = max(state.lastUID, uid)
            try saveState()
            return
        }
        _ = try await deps.intake.submit(contact, waitingUpTo: .zero)
        taken.increment()
        state.lastUID = max(state.lastUID, uid)
        state.awaitingMove[uid] = contact.id
        try saveState()
        logger.info("mail accepted", metadata: [
            "contact": .string(contact.id), "uid": .stringConvertible(uid),
            "from": .string(Redacted(contact.sender.address).description),
            "follows": .string(contact.caseRef ?? "-"),
        ])
    }

    /// Mail that cannot be a contact: to `deadletter/email` with the reason, then to the
    /// unprocessable folder. Never deleted.
    private func setAside(_ uid: UInt32, raw: [UInt8], reason: String) async throws {
        unprocessable.increment()
        deps.deadLetters.send(BusMessage(topic: "imap/\(settings.imap.mailbox)/\(uid)", payload: raw), reason: reason)
        let s = session, folder = settings.unprocessableFolder
        try await queue.run { try s.move(uid: uid, to: folder) }
        state.lastUID = max(state.lastUID, uid)
        try saveState()
    }

    /// Each file of the mail, and the whole message as `message/rfc822`, in the blob store.
    private func storeFiles(of mail: ParsedMail, raw: [UInt8]) -> ([Attachment], [JSONValue]) {
        var out: [Attachment] = []
        var skipped: [JSONValue] = []
        let files = mail.parts.map { ($0.bytes, $0.mediaType, $0.name) } + [(raw, "message/rfc822", "message.eml")]
        for (bytes, type, name) in files {
            guard bytes.count <= deps.maxAttachmentBytes else {
                skipped.append(.object(["media_type": .string(type), "bytes": .number(Double(bytes.count)), "reason": .string("too large")]))
                continue
            }
            do {
                let hash = try deps.blobs.store(bytes)
                out.append(Attachment(sha256: hash, mediaType: type, bytes: bytes.count, name: name.map { String($0.prefix(255)) }))
            } catch {
                logger.error("attachment not stored: \(error)")
                skipped.append(.object(["media_type": .string(type), "reason": .string("\(error)")]))
            }
        }
        return (out, skipped)
    }

    private func saveState() throws {
        try state.save(to: deps.statePath)
    }
}
