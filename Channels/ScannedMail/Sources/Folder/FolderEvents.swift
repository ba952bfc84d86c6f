import Foundation
import Glibc
import Synchronization

/// inotify on the drop folder, read on a thread of its own (a blocking read never sits on the
/// cooperative pool). It reports names as they change: `closed` after a writer closes the file
/// or a file is moved in, `writing` while one is being written.
final class FolderEvents: Sendable {
    enum Event: Sendable, Equatable {
        case writing(String)
        case closed(String)
        /// The kernel dropped events: everything must be looked at again.
        case overflow
    }

    // <sys/inotify.h>
    private static let inModify: UInt32 = 0x2, inCloseWrite: UInt32 = 0x8, inMovedTo: UInt32 = 0x80
    private static let inCreate: UInt32 = 0x100, inOverflow: UInt32 = 0x4000

    let events: AsyncStream<Event>
    private let continuation: AsyncStream<Event>.Continuation
    private let fd: Int32
    private let stopped = Atomic<Bool>(false)

    /// Nil when inotify is unavailable (then the folder is only polled).
    init?(directory: String) {
        let fd = inotify_init1(Int32(IN_CLOEXEC))
        guard fd >= 0 else { return nil }
        guard inotify_add_watch(fd, directory, Self.inModify | Self.inCloseWrite | Self.inMovedTo | Self.inCreate) >= 0 else {
            close(fd)
            return nil
        }
        self.fd = fd
        // Bounded: names are re-found by the next scan if events are dropped here.
        (events, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .bufferingNewest(4096))
        let thread = Thread { [self] in self.read() }
        thread.name = "drop-folder-inotify"
        thread.start()
    }

    func stop() {
        stopped.store(true, ordering: .relaxed)
    }

    private func read() {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while !stopped.load(ordering: .relaxed) {
            // Woken every half second to notice stop().
            guard poll(&pfd, 1, 500) > 0 else { continue }
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { continue }
            var offset = 0
            while offset + 16 <= n {
                let (mask, length) = buffer.withUnsafeBytes { b in
                    (b.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self), Int(b.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self)))
                }
                let nameBytes = buffer[(offset + 16)..<min(n, offset + 16 + length)].prefix { $0 != 0 }
                let name = String(decoding: nameBytes, as: UTF8.self)
                offset += 16 + length
                if mask & Self.inOverflow != 0 {
                    continuation.yield(.overflow)
                } else if name.isEmpty {
                    continue
                } else if mask & (Self.inCloseWrite | Self.inMovedTo) != 0 {
                    continuation.yield(.closed(name))
                } else if mask & (Self.inCreate | Self.inModify) != 0 {
                    continuation.yield(.writing(name))
                }
            }
        }
        close(fd)
        continuation.finish()
    }
}
