import AsyncHTTPClient
import Foundation
import IntakeTestSupport
import Testing

@Suite("Web chat: sockets opened per client")
struct ChatOpenLimitTests {
    @Test("a client past INTAKE_CHAT_OPENS_PER_MINUTE new chats is told to slow down; resuming, and another client, are not limited")
    func opensAreLimited() async throws {
        var settings = try WebChatBrowserTests.settings()
        settings["INTAKE_CHAT_OPENS_PER_MINUTE"] = "3"
        try await ChannelHarness.with(stages: [.adapters], settings: settings) { h in
            let port = Int(h.intake.baseURL.split(separator: ":").last!)!
            var first: [String] = []
            for _ in 0..<3 { first.append(try await Self.hello(port: port, forwardedFor: "203.0.113.20")) }
            #expect(first.allSatisfy { $0.hasPrefix("HTTP/1.1 101") && $0.contains("welcome") }, "\(first)")
            let limited = try await Self.hello(port: port, forwardedFor: "203.0.113.20")
            #expect(limited.contains("rate_limited") && !limited.contains("welcome"), "\(limited)")
            #expect(limited.contains("Please wait a minute"))
            // Resuming a conversation it already has is not a new one.
            let token = try #require(Self.token(in: first[0]))
            #expect(try await Self.hello(port: port, forwardedFor: "203.0.113.20", resume: token).contains("\"resumed\""))
            // Another client, and a client behind no proxy (known by its own address), start at once.
            #expect(try await Self.hello(port: port, forwardedFor: "198.51.100.20").contains("welcome"))
            #expect(try await Self.hello(port: port, forwardedFor: nil).contains("welcome"))
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "\(h.intake.baseURL)/metrics"), timeout: .seconds(10))
            let metrics = String(buffer: try await response.body.collect(upTo: 1 << 22))
            #expect(metrics.contains("intake_channel_rejected_total{channel=\"chat\",reason=\"rate_limited\"}"))
        }
    }

    static func token(in text: String) -> String? {
        guard let r = text.range(of: "\"token\":\"") else { return nil }
        return String(text[r.upperBound...].prefix { $0 != "\"" })
    }

    /// Opens `/chat` from the page's origin, says hello (resuming `resume`), and returns what
    /// came back: the upgrade's head and the server's first frames, as text.
    static func hello(port: Int, forwardedFor: String?, resume: String? = nil) async throws -> String {
        try await withCheckedThrowingContinuation { c in
            // A blocking socket: on a thread of its own, never on the cooperative pool.
            Thread.detachNewThread {
                c.resume(with: Result { try Self.helloBlocking(port: port, forwardedFor: forwardedFor, resume: resume) })
            }
        }
    }

    private static func helloBlocking(port: Int, forwardedFor: String?, resume: String?) throws -> String {
        let fd = try connectLoopback(port: port)
        defer { close(fd) }
        var head = "GET /chat HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: http://127.0.0.1:\(port)\r\n"
        if let forwardedFor { head += "X-Forwarded-For: \(forwardedFor)\r\n" }
        head += "\r\n"
        func write(_ bytes: [UInt8]) { _ = bytes.withUnsafeBufferPointer { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } }
        write(Array(head.utf8))
        // One masked text frame, as a browser sends it (payloads here are under 126 bytes).
        let hello = Array("{\"type\":\"hello\",\"language\":\"en\"\(resume.map { ",\"token\":\"\($0)\"" } ?? "")}".utf8)
        let mask: [UInt8] = [0x12, 0x34, 0x56, 0x78]
        write([0x81, 0x80 | UInt8(hello.count)] + mask + hello.enumerated().map { $0.element ^ mask[$0.offset % 4] })
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, 100) > 0 else { continue }
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, 4096) }
            if n <= 0 { break }
            received += buffer[..<n]
            // The server's frames are not masked: their JSON can be read in the byte stream.
            let text = String(decoding: received, as: UTF8.self)
            if text.contains("welcome") && text.contains("\"last\":true") || text.contains("rate_limited") && text.contains("Please") { break }
        }
        return String(decoding: received, as: UTF8.self)
    }
}
