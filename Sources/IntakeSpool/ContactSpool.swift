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

        public init(directory: String, segmentBytes: Int = 16 << 20) {
            self.directory = directory
            self.segmentBytes = segmentBytes
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
        /// Called after the fsync that made `records` durable (with nil), or with the write error.
        var done: ((any Error)?) -> Void
        var needsSync: Bool
    }

    public let configuration: Configuration
    let logger: Logger
    private let condition = NSCondition()
    // Guarded by `condition`:
    private var pendingByID: [String: Pending] = [:]
    private var queued: [Waiting] = []
    private var closing = false
    private var failure: (any Error)?
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
            condition.unlock()
            c.resume(throwing: failure)
            return
        }
        if closing {
            condition.unlock()
            c.resume(throwing: SpoolError.closed)
            return
        }
        let already = (pendingByID[id]?.revision ?? 0) >= revision
        if !already {
            pendingByID[id] = Pending(id: id, revision: revision, payload: payload, spooledAt: pendingByID[id]?.spooledAt ?? Date())
        }
        // A retry waits for the next fsync too: the first append may not have reached the disk yet.
        let outcome: AppendOutcome = already ? .alreadyPending : .spooled
        queued.append(Waiting(
            records: already ? [] : [SpoolRecord(kind: .contact, id: id, revision: revision, payload: payload)],
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
            pendingByID.removeValue(forKey: id)
            records.append(SpoolRecord(kind: .acknowledged, id: id, revision: revision, payload: []))
        }
        if !records.isEmpty {
            queued.append(Waiting(records: records, done: { _ in }, needsSync: false))
            condition.signal()
        }
        condition.unlock()
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
            while queued.isEmpty && !closing { condition.wait() }
            let batch = queued
            queued.removeAll(keepingCapacity: true)
            let stop = closing && batch.isEmpty
            condition.unlock()
            if stop { break }

            var bytes: [UInt8] = []
            var needsSync = false
            for w in batch {
                for r in w.records { r.encode(into: &bytes) }
                needsSync = needsSync || w.needsSync
            }
            do {
                try writeAll(bytes)
                if needsSync || closing { try sync(fd) }
                for w in batch { w.done(nil) }
                if segmentSize > configuration.segmentBytes { try rotate() }
            } catch {
                logger.critical("spool write failed: \(error); refusing new contacts")
                condition.lock()
                failure = error
                condition.unlock()
                for w in batch { w.done(error) }
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
                            pendingByID[r.id] = Pending(id: r.id, revision: r.revision, payload: r.payload, spooledAt: Date())
                        }
                    case .acknowledged:
                        if (pendingByID[r.id]?.revision ?? .max) <= r.revision { pendingByID.removeValue(forKey: r.id) }
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
        if fd >= 0 { _ = Foundation.close(fd) }
        fd = newFD
        segmentSize = 0

        condition.lock()
        let carry = pendingByID.values.sorted { $0.spooledAt < $1.spooledAt }
        condition.unlock()
        var bytes: [UInt8] = []
        for p in carry {
            SpoolRecord(kind: .contact, id: p.id, revision: p.revision, payload: p.payload).encode(into: &bytes)
        }
        try writeAll(bytes)
        try sync(fd)
        try syncDirectory()
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

    public var description: String {
        switch self {
        case let .io(what, code): "spool: \(what) failed: \(String(cString: strerror(code)))"
        case .closed: "spool: closed"
        case .inUse(let d): "spool \(d) is in use by another process: give each adapter process its own INTAKE_DATA_DIR"
        }
    }
}
