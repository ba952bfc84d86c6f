public import Foundation
public import Logging

/// An adapter's local, durable record of the contacts it has accepted and not yet seen stored.
///
/// `append` returns only once the contact is on disk (fsync'd): that is when the adapter may tell
/// the provider "accepted". The contact stays pending until the case writer's receipt arrives
/// (`acknowledge`); until then the adapter publishes it again from here, after a crash too.
///
/// Fsyncs are shared (group commit): one thread writes whatever has queued up while the previous
/// fsync ran, then fsyncs once for all of it, so concurrent contacts cost one fsync between them.
public final class ContactSpool: @unchecked Sendable {
    public struct Configuration: Sendable {
        /// Where the segment files live; created if missing.
        public var directory: String
        /// A segment larger than this is closed and the still-pending contacts move to a new one. Default 16 MiB.
        public var segmentBytes: Int
        /// At most this many contacts wait for a receipt; past it `append` refuses (`SpoolError.full`). Default 100,000.
        public var maxContacts: Int
        /// At most this many payload bytes wait for a receipt; past it `append` refuses. Default 512 MiB.
        public var maxBytes: Int
        /// While a write has failed (a full disk), how often the writer tries again on its own. Default 1 s.
        public var retryInterval: Duration

        public init(directory: String, segmentBytes: Int = 16 << 20, maxContacts: Int = 100_000, maxBytes: Int = 512 << 20,
                    retryInterval: Duration = .seconds(1)) {
            self.directory = directory
            self.segmentBytes = segmentBytes
            self.maxContacts = maxContacts
            self.maxBytes = maxBytes
            self.retryInterval = retryInterval
        }
    }

    /// Whether the spool takes new contacts now, and if not, why.
    public enum Pressure: Sendable, Equatable {
        case accepting
        /// As many contacts or bytes wait for receipts as the limits allow.
        case overLimit(String)
        /// The last write failed (typically ENOSPC); the writer tries again every `retryInterval`.
        case writeFailing(String)

        public var reason: String? {
            switch self {
            case .accepting: nil
            case .overLimit(let r), .writeFailing(let r): r
            }
        }
    }

    /// A contact accepted and not yet acknowledged by a receipt.
    public struct Pending: Sendable {
        public var id: String
        /// A later revision of a contact replaces the earlier one here.
        public var revision: Int
        public var payload: [UInt8]
        public var spooledAt: Date
    }

    public enum AppendOutcome: Sendable, Equatable {
        /// Written and fsync'd now.
        case spooled
        /// Already pending, at this revision or a later one (a provider retry); durable as before.
        case alreadyPending
    }

    private struct Waiting {
        var records: [SpoolRecord]
        /// What `pendingByID` held for the contact before this append, restored when the write fails.
        var rollback: (id: String, previous: Pending?)?
        /// Called after the fsync that made `records` durable (with nil), or with the write error.
        var done: ((any Error)?) -> Void
        var needsSync: Bool
    }

    public let configuration: Configuration
    let logger: Logger
    private let condition = NSCondition()
    // Guarded by `condition`:
    private var pendingByID: [String: Pending] = [:]
    private var pendingBytes = 0
    private var queued: [Waiting] = []
    private var closing = false
    /// The last write's error while writes fail; cleared by the first write that succeeds again.
    private var failure: (any Error)?
    /// Set when an append was refused for the limits, cleared when a receipt frees room.
    private var refusedForLimit = false
    // Owned by the writer thread:
    private var fd: Int32 = -1
    private var segmentNumber = 0
    private var segmentSize = 0
    private var writerDone = false
    private var closeWaiters: [CheckedContinuation<Void, Never>] = []
    private var lockFD: Int32 = -1

    /// Opens the spool, replays what an earlier run left pending, and starts the writer thread.
    public init(configuration: Configuration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        try FileManager.default.createDirectory(atPath: configuration.directory, withIntermediateDirectories: true)
        try lockDirectory()
        try recover()
        let thread = Thread { [self] in writerLoop() }
        thread.name = "spool-writer"
        thread.start()
    }

    /// Contacts still waiting for a receipt, oldest first.
    public var pending: [Pending] {
        condition.lock()
        defer { condition.unlock() }
        return pendingByID.values.sorted { $0.spooledAt < $1.spooledAt }
    }

    public var pendingCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return pendingByID.count
    }

    /// Payload bytes waiting for a receipt.
    public var pendingByteCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return pendingBytes
    }

    /// Whether `append` takes a new contact now (for `/health` and the webhooks' 503).
    public var pressure: Pressure {
        condition.lock()
        defer { condition.unlock() }
        if let failure { return .writeFailing("spool writes fail (\(failure)); retrying") }
        return limitReason(adding: nil)
    }

    /// `.overLimit` when a contact of `adding` bytes would pass the limits, or (nil) when they are
    /// reached or an append was refused since the last receipt. Under the lock.
    private func limitReason(adding: Int?) -> Pressure {
        let c = configuration
        let count = pendingByID.count + (adding == nil ? 0 : 1), bytes = pendingBytes + (adding ?? 0)
        let full = adding == nil ? (count >= c.maxContacts || bytes >= c.maxBytes || refusedForLimit)
                                 : (count > c.maxContacts || bytes > c.maxBytes)
        guard full else { return .accepting }
        return .overLimit("spool full: \(pendingByID.count) contacts (limit \(c.maxContacts)), \(pendingBytes) bytes (limit \(c.maxBytes)) wait for a receipt")
    }

    public func pendingContact(_ id: String) -> Pending? {
        condition.lock()
        defer { condition.unlock() }
        return pendingByID[id]
    }

    /// Makes the contact durable. Returns once it is fsync'd (or was already pending at this
    /// revision or a later one). A higher revision replaces what is pending.
    public func append(id: String, revision: Int = 1, payload: [UInt8]) async throws -> AppendOutcome {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<AppendOutcome, any Error>) in
            enqueue(id: id, revision: revision, payload: payload, continuation: c)
        }
    }

    private func enqueue(id: String, revision: Int, payload: [UInt8], continuation c: CheckedContinuation<AppendOutcome, any Error>) {
        condition.lock()
        if let failure {
            // Retries too: the contact, if an earlier append made it durable, stays pending anyway.
            condition.unlock()
            c.resume(throwing: SpoolError.writeFailing("\(failure)"))
            return
        }
        if closing {
            condition.unlock()
            c.resume(throwing: SpoolError.closed)
            return
        }
        let previous = pendingByID[id]
        let already = (previous?.revision ?? 0) >= revision
        if !already {
            // A new revision of a pending contact replaces it and needs no new room.
            if previous == nil, case .overLimit(let reason) = limitReason(adding: payload.count) {
                refusedForLimit = true
                condition.unlock()
                c.resume(throwing: SpoolError.full(reason))
                return
            }
            setPending(Pending(id: id, revision: revision, payload: payload, spooledAt: previous?.spooledAt ?? Date()), for: id)
        }
        // A retry waits for the next fsync too: the first append may not have reached the disk yet.
        let outcome: AppendOutcome = already ? .alreadyPending : .spooled
        queued.append(Waiting(
            records: already ? [] : [SpoolRecord(kind: .contact, id: id, revision: revision, payload: payload)],
            rollback: already ? nil : (id, previous),
            done: { error in
                if let error { c.resume(throwing: error) } else { c.resume(returning: outcome) }
            },
            needsSync: true))
        condition.signal()
        condition.unlock()
    }

    /// The receipts for these contacts came: they need not be published again, unless a later
    /// revision is pending. Not fsync'd on its own: losing an acknowledgement in a crash only means
    /// publishing once more.
    public func acknowledge(_ receipts: some Sequence<(id: String, revision: Int)>) {
        condition.lock()
        var records: [SpoolRecord] = []
        for (id, revision) in receipts where (pendingByID[id]?.revision ?? .max) <= revision {
            setPending(nil, for: id)
            records.append(SpoolRecord(kind: .acknowledged, id: id, revision: revision, payload: []))
        }
        if !records.isEmpty {
            refusedForLimit = false
            queued.append(Waiting(records: records, rollback: nil, done: { _ in }, needsSync: false))
            condition.signal()
        }
        condition.unlock()
    }

    /// Sets or removes a pending contact, keeping `pendingBytes`. Under the lock.
    private func setPending(_ p: Pending?, for id: String) {
        pendingBytes -= pendingByID[id]?.payload.count ?? 0
        pendingByID[id] = p
        pendingBytes += p?.payload.count ?? 0
    }

    /// Writes what is queued, fsyncs, and stops the writer thread.
    public func close() async {
        await withCheckedContinuation { c in requestClose(c) }
    }

    private func requestClose(_ c: CheckedContinuation<Void, Never>) {
        condition.lock()
        closing = true
        if writerDone {
            condition.unlock()
            c.resume()
            return
        }
        closeWaiters.append(c)
        condition.broadcast()
        condition.unlock()
    }

    // MARK: - Writer thread

    private func writerLoop() {
        while true {
            condition.lock()
            while queued.isEmpty && !closing {
                if failure == nil {
                    condition.wait()
                } else {
                    // Nobody need append for the spool to notice that the disk has room again.
                    _ = condition.wait(until: Date().addingTimeInterval(configuration.retryInterval.timeInterval))
                    if failure != nil { break }
                }
            }
            let batch = queued
            queued.removeAll(keepingCapacity: true)
            let stop = closing && batch.isEmpty
            let failing = failure != nil
            condition.unlock()
            if stop { break }
            if failing {
                // The segment may end in a record cut short: start a new one holding what is
                // pending (acknowledgements meanwhile are in that copy), then carry on.
                do {
                    try rotate()
                    condition.lock()
                    failure = nil
                    condition.unlock()
                    logger.notice("spool writes succeed again; taking new contacts")
                } catch {
                    fail(batch, error)
                    continue
                }
            }
            var bytes: [UInt8] = []
            var needsSync = false
            for w in batch {
                for r in w.records { r.encode(into: &bytes) }
                needsSync = needsSync || w.needsSync
            }
            do {
                try writeAll(bytes)
                if needsSync || closing { try sync(fd) }
            } catch {
                logger.critical("spool write failed: \(error); refusing new contacts until writes succeed again")
                fail(batch, error)
                continue
            }
            for w in batch { w.done(nil) }
            if segmentSize > configuration.segmentBytes {
                do {
                    try rotate()
                } catch {
                    // What was written stays durable in the current segment; new contacts wait for room.
                    logger.critical("spool segment rotation failed: \(error); refusing new contacts until writes succeed again")
                    fail([], error)
                }
            }
        }
        if fd >= 0 { _ = fsync(fd); _ = Foundation.close(fd) }
        if lockFD >= 0 { _ = Foundation.close(lockFD) }
        condition.lock()
        writerDone = true
        let waiters = closeWaiters
        closeWaiters.removeAll()
        condition.unlock()
        for w in waiters { w.resume() }
    }

    /// Marks the spool failing and answers `batch` with the error: its contacts were not made
    /// durable, so they were not accepted, and are no longer pending.
    private func fail(_ batch: [Waiting], _ error: any Error) {
        condition.lock()
        failure = error
        for w in batch.reversed() {
            if case let (id, previous)? = w.rollback { setPending(previous, for: id) }
        }
        condition.unlock()
        for w in batch { w.done(error) }
    }

    private func writeAll(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SpoolError.io("write to segment \(segmentNumber)", errno)
            }
            offset += n
        }
        segmentSize += bytes.count
    }

    /// One process per spool: two writers interleaving records would corrupt it.
    private func lockDirectory() throws {
        let path = "\(configuration.directory)/LOCK"
        lockFD = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lockFD >= 0 else { throw SpoolError.io("open \(path)", errno) }
        guard flock(lockFD, LOCK_EX | LOCK_NB) == 0 else {
            _ = Foundation.close(lockFD)
            throw SpoolError.inUse(configuration.directory)
        }
    }

    // MARK: - Segments

    private func segmentPath(_ n: Int) -> String {
        "\(configuration.directory)/segment-\(String(format: "%08d", n)).spool"
    }

    private func existingSegments() throws -> [Int] {
        try FileManager.default.contentsOfDirectory(atPath: configuration.directory)
            .compactMap { name -> Int? in
                guard name.hasPrefix("segment-"), name.hasSuffix(".spool") else { return nil }
                return Int(name.dropFirst("segment-".count).dropLast(".spool".count))
            }
            .sorted()
    }

    /// Replays every segment, then starts a fresh one holding only what is still pending.
    private func recover() throws {
        let segments = try existingSegments()
        var order: [String] = []
        for n in segments {
            let path = segmentPath(n)
            guard let data = FileManager.default.contents(atPath: path) else { throw SpoolError.io("read \(path)", errno) }
            let bytes = [UInt8](data)
            var offset = 0
            loop: while true {
                switch SpoolRecord.decode(bytes, at: offset) {
                case .end:
                    break loop
                case .torn:
                    logger.warning("spool segment \(n): \(bytes.count - offset) bytes after offset \(offset) are not a whole record (a write cut short); ignoring them")
                    break loop
                case let .record(r, next):
                    offset = next
                    switch r.kind {
                    case .contact:
                        if pendingByID[r.id] == nil { order.append(r.id) }
                        if (pendingByID[r.id]?.revision ?? 0) <= r.revision {
                            setPending(Pending(id: r.id, revision: r.revision, payload: r.payload, spooledAt: Date()), for: r.id)
                        }
                    case .acknowledged:
                        if (pendingByID[r.id]?.revision ?? .max) <= r.revision { setPending(nil, for: r.id) }
                    }
                }
            }
        }
        segmentNumber = (segments.last ?? 0)
        // Keep replay order as age order.
        let base = Date()
        for (i, id) in order.enumerated() where pendingByID[id] != nil {
            pendingByID[id]?.spooledAt = base.addingTimeInterval(Double(i - order.count) / 1e6)
        }
        try rotate()
        if !pendingByID.isEmpty {
            logger.notice("spool: \(pendingByID.count) contact(s) from an earlier run still wait for a receipt; they will be published again")
        }
    }

    /// Opens a new segment, copies every pending contact into it, fsyncs, and removes the older
    /// segments: the spool's size stays near what is actually in flight.
    private func rotate() throws {
        let old = try existingSegments()
        segmentNumber += 1
        let path = segmentPath(segmentNumber)
        let newFD = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard newFD >= 0 else { throw SpoolError.io("create \(path)", errno) }
        let oldFD = fd
        fd = newFD
        segmentSize = 0

        condition.lock()
        let carry = pendingByID.values.sorted { $0.spooledAt < $1.spooledAt }
        condition.unlock()
        var bytes: [UInt8] = []
        for p in carry {
            SpoolRecord(kind: .contact, id: p.id, revision: p.revision, payload: p.payload).encode(into: &bytes)
        }
        do {
            try writeAll(bytes)
            try sync(fd)
            try syncDirectory()
        } catch {
            // The older segments still hold everything; the new one goes, and its space with it.
            _ = Foundation.close(newFD)
            unlink(path)
            fd = oldFD
            segmentNumber -= 1
            throw error
        }
        if oldFD >= 0 { _ = Foundation.close(oldFD) }
        for n in old where n < segmentNumber {
            unlink(segmentPath(n))
        }
        try syncDirectory()
    }

    private func sync(_ fd: Int32) throws {
        if fdatasync(fd) != 0 { throw SpoolError.io("fdatasync segment \(segmentNumber)", errno) }
    }

    private func syncDirectory() throws {
        let d = open(configuration.directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard d >= 0 else { throw SpoolError.io("open \(configuration.directory)", errno) }
        defer { _ = Foundation.close(d) }
        if fsync(d) != 0 { throw SpoolError.io("fsync \(configuration.directory)", errno) }
    }
}

public enum SpoolError: Error, CustomStringConvertible {
    case io(String, Int32)
    case closed
    case inUse(String)
    /// The configured limit is reached: answer 503 with Retry-After; room returns with receipts.
    case full(String)
    /// Writes fail (a full disk); the spool tries again on its own.
    case writeFailing(String)

    /// The spool cannot take contacts for now, but will again without a restart.
    public var isTemporary: Bool {
        switch self {
        case .full, .writeFailing: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case let .io(what, code): "spool: \(what) failed: \(String(cString: strerror(code)))"
        case .closed: "spool: closed"
        case .inUse(let d): "spool \(d) is in use by another process: give each adapter process its own INTAKE_DATA_DIR"
        case .full(let reason): reason
        case .writeFailing(let reason): reason
        }
    }
}

extension Duration {
    var timeInterval: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
