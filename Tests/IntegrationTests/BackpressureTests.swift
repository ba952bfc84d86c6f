import Foundation
import IntakeCore
import IntakeTestSupport
import Testing

/// Item 4 of the fault work: a spool past its limit, or on a full disk, refuses with 503 and
/// `Retry-After`, `/health` says why, and intake resumes by itself when room returns.
@Suite("Backpressure")
struct BackpressureTests {
    @Test("past the spool's limit webhooks and /health answer 503 with Retry-After; receipts make room again")
    func spoolLimit() async throws {
        try await TestStack.with { stack in
            // No writer yet: nothing leaves the spool.
            try await RunningIntake.with(stack, stages: [.adapters, .enrich],
                                         settings: ["INTAKE_SPOOL_MAX_CONTACTS": "2", "INTAKE_ACK_WAIT_MS": "100",
                                                    "INTAKE_RETRY_AFTER_SECONDS": "7"]) { adapters in
                var accepted: [String] = []
                for (i, from) in ["+15205550101", "+15205550102"].enumerated() {
                    let sid = TestTwilio.messageSID()
                    let r = try await SignedSMS.post(adapters.baseURL, body: "Pothole number \(i) on Speedway", sid: sid, from: from)
                    #expect(r.status == 200)
                    accepted.append(sid)
                }
                let refusedSID = TestTwilio.messageSID()
                let refused = try await SignedSMS.post(adapters.baseURL, body: "Streetlight out on 4th Ave", sid: refusedSID, from: "+15205550103")
                #expect(refused.status == 503)
                #expect(refused.retryAfter == "7")
                let health = try await SignedSMS.health(adapters.baseURL)
                #expect(health.status == 503)
                #expect(health.retryAfter == "7")
                #expect(health.body.contains("spool full"), "\(health.body)")

                // The writer comes: receipts drain the spool, and intake takes contacts again without a restart.
                try await RunningIntake.with(stack, stages: [.writer]) { _ in
                    _ = try await SignedSMS.waitForHealth(adapters.baseURL) { $0.status == 200 }
                    let sid = TestTwilio.messageSID()
                    let again = try await SignedSMS.post(adapters.baseURL, body: "Graffiti on the underpass", sid: sid, from: "+15205550104")
                    #expect(again.status == 200)
                    accepted.append(sid)
                    for sid in accepted {
                        try await stack.waitForValue("SELECT count(*) FROM contacts WHERE id = $1", ["sms:\(sid)"], equals: "1", timeout: .seconds(30))
                    }
                }
                try await stack.waitForValue("SELECT count(*) FROM contacts WHERE id = $1", ["sms:\(refusedSID)"], equals: "0")
            }
        }
    }

    @Test("with the spool's disk full webhooks and /health answer 503; when space is freed intake resumes by itself",
          .enabled(if: TinyDisk.canMount, "needs root to mount a small tmpfs as the full disk"))
    func diskFull() async throws {
        let disk = try TinyDisk(megabytes: 4)
        defer { disk.unmount() }
        try await TestStack.with { stack in
            try await RunningIntake.with(stack, stages: [.adapters, .enrich],
                                         settings: ["INTAKE_DATA_DIR": disk.path, "INTAKE_ACK_WAIT_MS": "100"]) { adapters in
                var accepted: [String] = []
                let first = TestTwilio.messageSID()
                #expect(try await SignedSMS.post(adapters.baseURL, body: "Before the disk filled", sid: first).status == 200)
                accepted.append(first)

                try disk.fill()
                // The segment's last page may still take a record or two; then ENOSPC.
                var refused: SignedSMS.Answer?
                for i in 0..<200 {
                    let sid = TestTwilio.messageSID()
                    let r = try await SignedSMS.post(adapters.baseURL, body: "Message \(i) while the disk is full " + String(repeating: "x", count: 400), sid: sid)
                    if r.status == 200 { accepted.append(sid); continue }
                    refused = r
                    break
                }
                let answer = try #require(refused, "no webhook was refused with the disk full")
                #expect(answer.status == 503)
                #expect(answer.retryAfter != nil)
                let health = try await SignedSMS.health(adapters.baseURL)
                #expect(health.status == 503)
                #expect(health.body.contains("spool writes fail"), "\(health.body)")

                disk.free()
                _ = try await SignedSMS.waitForHealth(adapters.baseURL, timeout: .seconds(15)) { $0.status == 200 }
                let after = TestTwilio.messageSID()
                #expect(try await SignedSMS.post(adapters.baseURL, body: "After space was freed", sid: after).status == 200)
                accepted.append(after)

                try await RunningIntake.with(stack, stages: [.writer]) { _ in
                    for sid in accepted {
                        try await stack.waitForValue("SELECT count(*) FROM contacts WHERE id = $1", ["sms:\(sid)"], equals: "1", timeout: .seconds(30))
                    }
                }
            }
        }
    }
}

/// A tmpfs of a few megabytes that a test fills to the last byte.
final class TinyDisk: Sendable {
    let path: String

    /// Mounting needs root (or CAP_SYS_ADMIN); tests elsewhere say they did not run.
    static let canMount: Bool = {
        guard getuid() == 0, let dir = try? Paths.temporaryDirectory("mount-probe") else { return false }
        defer { _ = try? ChildProcess.run("/bin/umount", [dir]); try? FileManager.default.removeItem(atPath: dir) }
        return (try? ChildProcess.run("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", dir])) != nil
    }()

    init(megabytes: Int) throws {
        path = try Paths.temporaryDirectory("tinydisk")
        try ChildProcess.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(megabytes)m", "tmpfs", path])
    }

    private var fillerPath: String { "\(path)/filler" }

    /// Writes a file until the filesystem has no byte left.
    func fill() throws {
        let fd = open(fillerPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw TestSetupError("cannot create \(fillerPath)") }
        defer { close(fd) }
        for size in [65536, 4096, 1] {
            let chunk = [UInt8](repeating: 0, count: size)
            while chunk.withUnsafeBytes({ write(fd, $0.baseAddress, size) }) == size {}
        }
    }

    func free() {
        unlink(fillerPath)
    }

    func unmount() {
        _ = try? ChildProcess.run("/bin/umount", ["-l", path])
    }
}
