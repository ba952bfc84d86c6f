import Foundation
import IntakeTestSupport
import IntakeCore

/// A loopback port that forwards to another one only while it is open: closed, a connection to
/// it is refused, as to a PostgreSQL that is down.
final class TCPForwarder: Sendable {
    let port: Int
    let target: Int
    private let state = Locked<(listener: Int32, sockets: [Int32])>((-1, []))

    init(to target: Int) throws {
        self.target = target
        port = try freePort()
    }

    deinit { close() }

    /// Starts listening and forwarding.
    func open() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.loopback(port)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            Foundation.close(fd)
            throw TestSetupError("cannot listen on 127.0.0.1:\(port)")
        }
        state.withLock { $0.listener = fd }
        Thread.detachNewThread { [self] in
            while true {
                let client = accept(fd, nil, nil)
                guard client >= 0 else { return }
                let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
                var to = Self.loopback(target)
                let connected = withUnsafePointer(to: &to) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
                }
                guard connected == 0 else {
                    Foundation.close(client)
                    Foundation.close(upstream)
                    continue
                }
                state.withLock { $0.sockets += [client, upstream] }
                Thread.detachNewThread { Self.pump(from: client, to: upstream) }
                Thread.detachNewThread { Self.pump(from: upstream, to: client) }
            }
        }
    }

    /// Stops listening and cuts every forwarded connection.
    func close() {
        let (listener, sockets) = state.withLock { s in
            defer { s = (-1, []) }
            return s
        }
        if listener >= 0 { shutdown(listener, Int32(SHUT_RDWR)); Foundation.close(listener) }
        for s in sockets { shutdown(s, Int32(SHUT_RDWR)) }
    }

    private static func pump(from: Int32, to: Int32) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(from, $0.baseAddress, 65536) }
            if n <= 0 { break }
            var offset = 0
            while offset < n {
                let w = buffer.withUnsafeBytes { write(to, $0.baseAddress! + offset, n - offset) }
                if w <= 0 { break }
                offset += w
            }
            if offset < n { break }
        }
        shutdown(from, Int32(SHUT_RDWR))
        shutdown(to, Int32(SHUT_RDWR))
    }

    private static func loopback(_ port: Int) -> sockaddr_in {
        var a = sockaddr_in()
        a.sin_family = sa_family_t(AF_INET)
        a.sin_port = in_port_t(UInt16(port).bigEndian)
        a.sin_addr.s_addr = inet_addr("127.0.0.1")
        return a
    }
}
