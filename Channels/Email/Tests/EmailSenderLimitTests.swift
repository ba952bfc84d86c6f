import AsyncHTTPClient
import Foundation
import IntakeTestSupport
import Testing

/// `INTAKE_SENDER_RATE_PER_MINUTE` on the mailbox: mail from a sender past the limit is put off,
/// not refused or lost. It stays in the inbox and is taken once the sender may send again, while
/// other senders' mail goes on at once.
@Suite("Email per-sender limit")
struct EmailSenderLimitTests {
    @Test("eight mails from one sender at 6 a minute: six and another sender's mail at once, the last two later, each one contact")
    func floodIsPutOff() async throws {
        try await MailServers.with { mail in
            try await TestStack.with { stack in
                let settings = mail.settings().merging(["INTAKE_SENDER_RATE_PER_MINUTE": "6"]) { _, n in n }
                try await RunningIntake.with(stack, settings: settings) { intake in
                    for i in 1...8 {
                        try await mail.append(TestMail.message(from: "flood@example.org", subject: "Report \(i)",
                                                               body: "Pothole number \(i) on \(200 + i) N Oracle Rd"))
                    }
                    try await mail.append(TestMail.message(from: "ana@example.org", subject: "Streetlight",
                                                           body: "The streetlight at 300 E Congress St is out"))
                    // Six of the flood and the other sender's mail: no waiting for the flood.
                    try await stack.waitForValue("SELECT count(*) FROM contacts WHERE channel = 'email'", equals: "7", timeout: .seconds(30))
                    try await stack.waitForValue("SELECT count(*) FROM contacts WHERE sender_address = 'ana@example.org'", equals: "1")
                    #expect(try await mail.count("INBOX") >= 2, "the put-off mail stays in the inbox until taken")
                    // One token every 10 s at 6 a minute: the last two come within about 20 s.
                    try await stack.waitForValue("SELECT count(*) FROM contacts WHERE channel = 'email'", equals: "9", timeout: .seconds(45))
                    try await stack.waitForValue("SELECT count(DISTINCT external_id) FROM contacts WHERE channel = 'email'", equals: "9")
                    try await mail.waitForCount("INBOX", equals: 0, timeout: .seconds(30))
                    let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "\(intake.baseURL)/metrics"), timeout: .seconds(10))
                    let metrics = String(buffer: try await response.body.collect(upTo: 1 << 22))
                    let deferred = metrics.split(separator: "\n").first { $0.hasPrefix(#"intake_email_messages_total{outcome="deferred"} "#) }
                    // Each of the last two is put off at least once (again if it came due a moment early).
                    #expect(deferred.flatMap { Double($0.split(separator: " ").last ?? "") }.map { $0 >= 2 } == true, "\(deferred ?? "no deferred count")")
                }
            }
        }
    }
}
