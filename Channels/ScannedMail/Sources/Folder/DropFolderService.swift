import Foundation
import IntakeBus
import IntakeChannel
import IntakeCore
import Logging
import Metrics
import ServiceLifecycle
import Synchronization

/// The drop folder's watcher and reader: the scanned-mail adapter's long-running service.
///
/// Files found ready (`ReadyFiles`) are queued (`DropQueue`) and read by as many documents at a
/// time as there are OCR workers. A document read becomes a contact in the spool; its file moves
/// to `processed/` once the case writer's receipt for it arrives, or to `failed/` with a `.why`
/// file (and a `deadletter/mail` message) when it cannot be read at all.
final class DropFolderService: Service {
    let settings: MailSettings
    let intake: ContactIntake
    let blobs: BlobStore
    let progress: ProgressStore
    let bus: MQTTClient
    let topics: TopicTree
    let logger: Logger
    let queue: DropQueue
    let caseReferencePrefix: String
    /// Contacts spooled whose receipt has not come yet: contact id → file name.
    private let awaitingReceipt = Locked<[String: String]>([:])
    private let pagesRead = Counter(label: "intake_mail_pages_total")
    private let inProgress = Gauge(label: "intake_mail_documents_in_progress")
    private let active = Atomic<Int>(0)

    var processedDirectory: String { "\(settings.dropDirectory)/processed" }
    var failedDirectory: String { "\(settings.dropDirectory)/failed" }

    init(settings: MailSettings, intake: ContactIntake, blobs: BlobStore, bus: MQTTClient, topics: TopicTree, logger: Logger,
         caseReferencePrefix: String = "TUC") throws {
        self.settings = settings
        self.intake = intake
        self.blobs = blobs
        self.bus = bus
        self.topics = topics
        var l = logger
        l[metadataKey: "channel"] = "mail"
        self.logger = l
        self.caseReferencePrefix = caseReferencePrefix
        for dir in [settings.dropDirectory, "\(settings.dropDirectory)/processed", "\(settings.dropDirectory)/failed"] {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        }
        progress = try ProgressStore(directory: settings.stateDirectory)
        queue = DropQueue(limit: settings.queueLimit)
    }

    func run() async throws {
        let pool = OCRWorkerPool(workers: settings.workers, languages: settings.languages, logger: logger)
        let events = FolderEvents(directory: settings.dropDirectory)
        logger.info("""
            mail: watching \(settings.dropDirectory) (\(events == nil ? "polling every \(settings.pollInterval)" : "inotify"), \
            \(pool.workers) OCR worker(s), \(settings.languages))
            """)
        await withDiscardingTaskGroup { group in
            group.addTask { await self.watch(events) }
            group.addTask { await self.collectReceipts() }
            for _ in 0..<pool.workers {
                group.addTask {
                    while let name = await self.queue.next() {
                        await self.read(name, pool: pool)
                    }
                }
            }
            try? await gracefulShutdown()
            // What is in hand finishes its current page; queued files stay in the folder.
            events?.stop()
            await queue.close()
            pool.stop()
            group.cancelAll()
        }
    }

    /// Scans on inotify's events and on the poll interval; sooner while a file is settling.
    private func watch(_ events: FolderEvents?) async {
        var ready = ReadyFiles(settle: settings.settleInterval)
        let changes = Locked<[FolderEvents.Event]>([])
        let wake = WakeSignal()
        let forward = Task {
            guard let events else { return }
            for await e in events.events {
                changes.withLock { $0.append(e) }
                wake.wake()
            }
        }
        defer { forward.cancel() }
        while !Task.isCancelled {
            for e in changes.withLock({ c in defer { c.removeAll() }; return c }) {
                switch e {
                case .writing(let n): ready.writing(n)
                case .closed(let n): ready.closed(n)
                case .overflow: break
                }
            }
            let (names, settling) = ready.scan(settings.dropDirectory)
            var offered = 0
            for name in names where await queue.offer(name) {
                offered += 1
            }
            if offered > 0 {
                let waiting = await queue.count
                logger.info("mail: \(offered) file(s) queued; \(waiting) waiting for OCR, \(active.load(ordering: .relaxed)) being read")
            }
            let timeout = settling ? max(settings.settleInterval / 2, .milliseconds(100)) : settings.pollInterval
            await wake.wait(upTo: timeout)
        }
    }

    /// Reads one file through to its contact, or to `failed/`.
    private func read(_ name: String, pool: OCRWorkerPool) async {
        let path = "\(settings.dropDirectory)/\(name)"
        active.add(1, ordering: .relaxed)
        inProgress.record(active.load(ordering: .relaxed))
        defer {
            active.subtract(1, ordering: .relaxed)
            inProgress.record(active.load(ordering: .relaxed))
        }
        // Too large to read into memory at all: refused by its size.
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber, size.intValue > settings.maxFileBytes {
            return await fail(name, sha: "not computed", bytes: size.intValue,
                              reason: ScannedDocumentError.tooLarge(settings.maxFileBytes).description)
        }
        // Reading, hashing and the progress file are blocking work too: on an OCR worker.
        let store = progress
        guard let (bytes, sha, saved) = try? await pool.run({ _ -> ([UInt8], String, DocumentProgress?)? in
            guard let data = FileManager.default.contents(atPath: path) else { return nil }
            let bytes = [UInt8](data)
            let sha = BlobStore.sha256(bytes)
            return (bytes, sha, store.load(sha))
        }) else {
            // Gone (moved away by someone else), or the workers are stopping.
            await queue.done(name)
            return
        }
        var state = saved ?? DocumentProgress(sha256: sha, fileName: name)
        if state.submitted {
            // Dropped again, or the process stopped before the receipt: the contact exists already.
            Counter(label: "intake_mail_documents_total", dimensions: [("outcome", "again")]).increment()
            logger.info("mail: \(name) was read before (contact \(ScannedMailContact.id(sha256: sha))); no new contact")
            await awaitReceipt(ScannedMailContact.id(sha256: sha), name: name)
            return
        }
        do {
            if !state.pages.isEmpty { logger.info("mail: resuming \(name) after page \(state.pages.count)") }
            state = try await ocr(bytes, state: state, pool: pool)
            guard state.hasText else { throw ScannedDocumentError.noText }
        } catch let e as ScannedDocumentError {
            return await fail(name, sha: sha, bytes: bytes.count, reason: e.description)
        } catch OCRError.stopped {
            // The file stays in the folder; its pages read so far are kept for the next start.
            logger.info("mail: \(name) left at page \(progress.load(sha)?.pages.count ?? 0) for the next start")
            return
        } catch {
            // OCR unavailable, or the progress could not be saved: the file stays and is tried at the next scan.
            logger.error("mail: \(name) not read: \(error)")
            await queue.done(name)
            return
        }
        let contact = ScannedMailContact.envelope(progress: state, fileBytes: bytes.count, reviewConfidence: settings.reviewConfidence,
                                                  caseReferencePrefix: caseReferencePrefix)
        do {
            _ = try await intake.submit(contact, waitingUpTo: .zero)
            state.submitted = true
            try progress.save(state)
        } catch {
            logger.error("mail: could not spool the contact of \(name): \(error); it is read again at the next scan")
            await queue.done(name)
            return
        }
        Counter(label: "intake_mail_documents_total", dimensions: [("outcome", "contact")]).increment()
        logger.info("""
            mail: \(name) read: \(state.pages.count) page(s), confidence \(state.meanConfidence)\
            \(contact.channelData["needs_review"] == .bool(true) ? ", flagged for review" : ""); contact \(contact.id) spooled
            """)
        await awaitReceipt(contact.id, name: name)
    }

    /// The pages not read yet, on an OCR worker; progress is saved after every page.
    private func ocr(_ bytes: [UInt8], state: DocumentProgress, pool: OCRWorkerPool) async throws -> DocumentProgress {
        let store = progress, logger = logger, pagesRead = pagesRead, queue = queue, blobs = blobs
        let waiting = await queue.count
        return try await pool.run { engine in
            // The original, byte-exact, before anything is read from it.
            try blobs.store(bytes)
            let document = try ScannedDocument(bytes)
            var p = state
            p.format = document.format.rawValue
            p.pageCount = document.pageCount
            for i in p.pages.count..<document.pageCount {
                // Stopping: the pages read so far are saved; the rest are read after the restart.
                if pool.isStopping { throw OCRError.stopped }
                let started = ContinuousClock.now
                let reading = engine.read(try document.page(i))
                p.pages.append(reading)
                try store.save(p)
                pagesRead.increment()
                logger.info("""
                    mail: \(p.fileName) page \(i + 1)/\(document.pageCount) read in \(started.duration(to: .now)), \
                    confidence \(reading.confidence), rotation \(reading.rotation); \(waiting) file(s) queued
                    """)
            }
            return p
        }
    }

    private func awaitReceipt(_ id: String, name: String) async {
        if intake.spool.pendingContact(id) == nil {
            await finish(name, to: processedDirectory)
        } else {
            awaitingReceipt.withLock { $0[id] = name }
        }
    }

    /// Moves each file whose contact's receipt has come (the spool has forgotten it) to `processed/`.
    private func collectReceipts() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(200))
            let settled = awaitingReceipt.withLock { a -> [(String, String)] in
                let done = a.filter { intake.spool.pendingContact($0.key) == nil }
                for id in done.keys { a.removeValue(forKey: id) }
                return done.map { ($0.key, $0.value) }
            }
            for (id, name) in settled {
                logger.info("mail: receipt for \(id); \(name) moved to processed/")
                await finish(name, to: processedDirectory)
            }
        }
    }

    private func fail(_ name: String, sha: String, bytes: Int, reason: String) async {
        Counter(label: "intake_mail_documents_total", dimensions: [("outcome", "failed")]).increment()
        let moved = await finish(name, to: failedDirectory)
        let why = "\(moved).why"
        try? DurableFile.replace(why, with: Array("\(reason)\nfile: \(name)\nsha256: \(sha)\nbytes: \(bytes)\n".utf8))
        logger.error("mail: \(name) moved to failed/: \(reason)")
        let note: JSONValue = .object(["file_name": .string(name), "sha256": .string(sha), "bytes": .number(Double(bytes)),
                                       "failed_path": .string(moved)])
        let letter = DeadLetter(stage: ScannedMailContact.channel, reason: reason, sourceTopic: nil,
                                payload: (try? IntakeJSON.encode(note)) ?? [], at: Date())
        Counter(label: "intake_deadletters_total", dimensions: [("stage", ScannedMailContact.channel)]).increment()
        do {
            try bus.sendJSON(letter, topic: topics.deadLetter(stage: ScannedMailContact.channel))
        } catch {
            logger.warning("mail: dead letter for \(name) not published: \(error) (the file and its .why are in failed/)")
        }
    }

    /// Moves the file out of the drop folder (a name already there gets a suffix) and returns
    /// where it went.
    @discardableResult
    private func finish(_ name: String, to directory: String) async -> String {
        var target = "\(directory)/\(name)"
        var n = 1
        while FileManager.default.fileExists(atPath: target) {
            n += 1
            target = "\(directory)/\((name as NSString).deletingPathExtension)-\(n)\((name as NSString).pathExtension.isEmpty ? "" : ".\((name as NSString).pathExtension)")"
        }
        if rename("\(settings.dropDirectory)/\(name)", target) != 0 {
            logger.error("mail: could not move \(name) to \(directory): \(String(cString: strerror(errno)))")
        }
        await queue.done(name)
        return target
    }
}
