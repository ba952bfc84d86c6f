import Foundation
import IntakeTestSupport
import Testing

/// Item 5 of the fault work: slow connections end, a body cut short is 400, and one sender is
/// limited per minute without an accepted contact ever being refused.
@Suite("HTTP hygiene")
struct HTTPHygieneTests {
    @Test("a half-sent request is closed within the read timeout; a body cut short is answered 400")
    func slowClients() async throws {
        try await TestStack.with { stack in
            try await RunningIntake.with(stack, stages: [.adapters], settings: ["INTAKE_HTTP_READ_TIMEOUT_SECONDS": "2"]) { intake in
                let port = Int(intake.baseURL.split(separator: ":").last!)!

                // Half a head, then nothing: the server hangs up, not the client.
                let half = try RawConnection(port: port)
                try half.send("POST /twilio/sms HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: applica")
                // Closed by the server (read timeout 2 s) before the client's own 10 s wait ends.
                let got = await half.readUntilClosed(timeout: .seconds(10))
                #expect(got.closed, "the server kept a half-sent request open")

                // A whole head, a third of its body, then nothing: 400, not 413.
                let cut = try RawConnection(port: port)
                let form = "Body=hello&From=%2B15205550123&MessageSid=SM1"
                try cut.send("POST /twilio/sms HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                             + "Content-Length: \(form.utf8.count * 3)\r\n\r\n\(form)")
                let answer = await cut.readUntilClosed(timeout: .seconds(10))
                #expect(answer.text.hasPrefix("HTTP/1.1 400"), "\(answer.text)")
                #expect(answer.closed)

                // A client that connects and sends nothing is closed too.
                let silent = try RawConnection(port: port)
                #expect(await silent.readUntilClosed(timeout: .seconds(10)).closed)

                // A prompt request on the same server is untouched.
                #expect(try await SignedSMS.health(intake.baseURL).status == 200)
            }
        }
    }

    @Test("one number past its per-minute allowance gets 429 with Retry-After; a retry of an accepted message still gets 200")
    func perSenderRate() async throws {
        try await TestStack.with { stack in
            // No writer: accepted contacts stay in the spool, as when a provider retries during an outage.
            try await RunningIntake.with(stack, stages: [.adapters, .enrich],
                                         settings: ["INTAKE_SENDER_RATE_PER_MINUTE": "2", "INTAKE_ACK_WAIT_MS": "100"]) { intake in
                let first = TestTwilio.messageSID()
                #expect(try await SignedSMS.post(intake.baseURL, body: "Broken sidewalk", sid: first, from: "+15205550150").status == 200)
                #expect(try await SignedSMS.post(intake.baseURL, body: "Broken sidewalk again", from: "+15205550150").status == 200)
                let limited = try await SignedSMS.post(intake.baseURL, body: "And again", from: "+15205550150")
                #expect(limited.status == 429)
                #expect(Int(limited.retryAfter ?? "") ?? 0 >= 1, "Retry-After: \(limited.retryAfter ?? "none")")
                // Twilio retrying the first message (same MessageSid) is never refused.
                #expect(try await SignedSMS.post(intake.baseURL, body: "Broken sidewalk", sid: first, from: "+15205550150").status == 200)
                // Another resident is not affected.
                #expect(try await SignedSMS.post(intake.baseURL, body: "Dead tree", from: "+15205550151").status == 200)
            }
        }
    }
}

/// A plain TCP connection for requests no HTTP client would send.
final class RawConnection: @unchecked Sendable {
    let fd: Int32

    init(port: Int) throws {
        fd = try connectLoopback(port: port)
    }

    deinit { close(fd) }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard bytes.withUnsafeBytes({ write(fd, $0.baseAddress, bytes.count) }) == bytes.count else { throw TestSetupError("write failed") }
    }

    /// Reads until the server closes the connection or `timeout` passes.
    /// Reads until the server closes the connection or `timeout` passes, on a thread of its own
    /// (a blocking poll must not hold a thread of the cooperative pool).
    func readUntilClosed(timeout: Duration) async -> (text: String, closed: Bool) {
        await withCheckedContinuation { c in
            Thread.detachNewThread { c.resume(returning: self.readUntilClosedBlocking(timeout: timeout)) }
        }
    }

    private func readUntilClosedBlocking(timeout: Duration) -> (text: String, closed: Bool) {
        var received: [UInt8] = []
        let deadline = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: 4096)
        while ContinuousClock.now < deadline {
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, 100) > 0 else { continue }
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, 4096) }
            if n <= 0 { return (String(decoding: received, as: UTF8.self), true) }
            received += buffer[..<n]
        }
        return (String(decoding: received, as: UTF8.self), false)
    }
}
