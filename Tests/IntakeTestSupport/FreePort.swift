import Foundation
import IntakeCore

private let handedOut = Locked<Set<Int>>([])

/// A TCP port free on loopback now, below the kernel's ephemeral range (so outgoing connections
/// cannot take it meanwhile) and never handed out twice in one test process.
public func freePort() throws -> Int {
    for _ in 0..<200 {
        let port = Int.random(in: testPorts)
        guard handedOut.withLock({ $0.insert(port).inserted }) else { continue }
        if canBind(port) { return port }
    }
    throw TestSetupError("no free port found")
}

/// 20000–32000 when the kernel's ephemeral range starts above it (Linux's default starts at
/// 32768), else the ports above that range.
private let testPorts: Range<Int> = {
    let text = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)) ?? ""
    let bounds = text.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
    guard bounds.count == 2, bounds[0] < 32_000 else { return 20_000..<32_000 }
    if bounds[0] > 21_000 { return 20_000..<bounds[0] }
    return bounds[1] < 64_000 ? (bounds[1] + 1)..<65_000 : 20_000..<32_000
}()

private func canBind(_ port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = in_port_t(UInt16(port).bigEndian)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    return withUnsafePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    } == 0
}
