import Glibc
import Synchronization

/// Wakes a bus client's network thread when another thread has queued a packet, and only when the
/// thread is asleep in `poll`.
///
/// libmosquitto's own loop is woken through a socket pair for every packet queued, even one
/// queued by the network thread itself (an acknowledgement, or what a message handler publishes),
/// and it reads one byte of that pair per turn: a `pselect` and a `read` per packet. The client
/// runs its own loop instead (`MQTTClient.turn`): after each read it writes whatever is queued,
/// so the network thread never needs waking for its own packets, and other threads write to this
/// pipe only when the flag says the thread is waiting.
final class NetworkNudge: Sendable {
    private let sleeping = Atomic<Bool>(false)
    /// The pipe's read and write ends (non-blocking), or -1 when it could not be made: then the
    /// loop falls back to polling at its timeout, at most 1 s late.
    let readFD: Int32
    private let writeFD: Int32

    init() {
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 {
            for fd in fds {
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            }
        }
        readFD = fds[0]
        writeFD = fds[1]
    }

    deinit {
        if readFD >= 0 { close(readFD) }
        if writeFD >= 0 { close(writeFD) }
    }

    /// Called by the network thread just before it checks for queued packets and waits. A full
    /// barrier (an atomic exchange): a packet queued after this is seen by `nudge`, one queued
    /// before it is seen by the check.
    func willSleep() {
        _ = sleeping.exchange(true, ordering: .sequentiallyConsistent)
    }

    func awake() {
        sleeping.store(false, ordering: .sequentiallyConsistent)
    }

    /// After queuing a packet: wakes the thread if it is waiting (one write per sleep, not per packet).
    func nudge() {
        guard sleeping.compareExchange(expected: true, desired: false, ordering: .sequentiallyConsistent).exchanged,
              writeFD >= 0 else { return }
        var byte: UInt8 = 1
        _ = write(writeFD, &byte, 1)
    }

    /// Empties the pipe once `poll` has said it is readable.
    func drain() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(readFD, &buffer, buffer.count) > 0 {}
    }
}
