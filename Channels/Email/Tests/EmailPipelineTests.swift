import Foundation
import IntakeCore
import IntakeServer
import IntakeTestSupport
import Testing
@testable import EmailChannel

/// The email channel end to end: a real Dovecot, a real SMTP receiver, mosquitto, PostgreSQL and
/// the intake's stages.
@Suite("Email channel", .serialized)
struct EmailPipelineTests {
    static func caseRef(of messageID: String, in stack: TestStack) async throws -> String {
        let db = try await stack.ownerConnection()
        defer { Task { await db.close() } }
        let rows = try await db.query("SELECT case_ref FROM contacts WHERE external_id = $1", [messageID])
        return try #require(rows.count == 1 ? rows.rows[0][0] : nil)
    }

    /// The text/html alternative of an answer, decoded.
    static func htmlAlternative(of raw: [UInt8]) -> String? {
        // The receiver keeps mail with LF line ends.
        let text = String(decoding: raw, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        guard let start = text.range(of: "Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: base64\n\n") else { return nil }
        let b64 = text[start.upperBound...].prefix { $0 != "-" }.filter { !$0.isWhitespace }
        return Data(base64Encoded: String(b64)).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test("an appended mail becomes a case, the answer threads on it, and the resident's reply joins the case")
    func mailBecomesCaseAndReplyThreads() async throws {
        try await MailServers.with { mail in
            try await TestStack.with { stack in
                try await RunningIntake.with(stack, settings: mail.settings()) { _ in
                    let firstID = "first-\(UUID().uuidString)@example.org"
                    try await mail.append(TestMail.message(
                        subject: "Bache enorme", body: "Hay un bache muy grande frente a 1200 N Stone Ave, por favor vengan a repararlo.\n\n-- \nAna",
                        messageID: firstID))
                    try await stack.waitForValue("SELECT count(*) FROM contacts WHERE channel = 'email'", equals: "1", timeout: .seconds(30))
                    let ref = try await Self.caseRef(of: firstID, in: stack)
                    let db = try await stack.ownerConnection()
                    let row = try await db.query("SELECT language, text, envelope->'location'->>'text' FROM contacts WHERE external_id = $1", [firstID])
                    await db.close()
                    #expect(row.rows[0][0] == "es")
                    #expect(row.rows[0][1] == "Hay un bache muy grande frente a 1200 N Stone Ave, por favor vengan a repararlo.")
                    #expect(row.rows[0][2] == "1200 N Stone Ave")

                    // The answer: Spanish, the reference in the subject, threaded, marked automatic.
                    let answer = try #require(try await mail.waitForReceived(1).first)
                    #expect(answer.mail.subject == "Re: Bache enorme [\(ref)]")
                    #expect(answer.mail.inReplyTo == [firstID])
                    #expect(answer.mail.references.last == firstID)
                    #expect(answer.mail.headers.text("Auto-Submitted") == "auto-replied")
                    #expect(answer.mail.plainBody?.contains("Su número de caso es \(ref)") == true)
                    let alternative = Self.htmlAlternative(of: answer.raw)
                    let html = try #require(alternative)
                    #expect(html.contains("<p>Gracias por escribir al 311 de la Ciudad de Tucson. Recibimos su mensaje.<br></p>"))
                    #expect(html.contains("Su número de caso es \(ref)."))
                    #expect(answer.mail.from?.address == MailServers.user)
                    let answerID = try #require(answer.mail.messageID)

                    // Moved out of the inbox after the receipt, never deleted.
                    try await mail.waitForCount("processed", equals: 1)
                    #expect(try await mail.count("INBOX") == 0)

                    // The resident answers our mail without the reference in the subject.
                    let replyID = "reply-\(UUID().uuidString)@example.org"
                    try await mail.append(TestMail.message(
                        subject: "Re: Bache enorme", body: "Sigue ahí, ya es más profundo.\n\nEl lun, 30 nov 2026 a las 10:05, 311 <311@tucson.test> escribió:\n> Gracias por escribir",
                        messageID: replyID, headers: ["In-Reply-To: <\(answerID)>", "References: <\(firstID)> <\(answerID)>"]))
                    try await stack.waitForValue("SELECT count(*) FROM contacts WHERE channel = 'email'", equals: "2", timeout: .seconds(30))
                    #expect(try await Self.caseRef(of: replyID, in: stack) == ref)
                    try await stack.waitForValue("SELECT count(*) FROM cases", equals: "1")
                    let db2 = try await stack.ownerConnection()
                    let text = try await db2.query("SELECT text FROM contacts WHERE external_id = $1", [replyID])
                    await db2.close()
                    #expect(text.rows[0][0] == "Sigue ahí, ya es más profundo.")
                    let answers = try await mail.waitForReceived(2)
                    #expect(answers[1].mail.plainBody?.contains("Lo agregamos al caso \(ref)") == true)
                }
            }
        }
    }

    @Test("without IDLE the mailbox is polled, and a mail still becomes a case")
    func pollingWithoutIdle() async throws {
        try await MailServers.with { mail in
            try await TestStack.with { stack in
                let settings = mail.settings(poll: 1).merging(["INTAKE_IMAP_IDLE": "off"]) { _, n in n }
                try await RunningIntake.with(stack, settings: settings) { _ in
                    let id = "poll-\(UUID().uuidString)@example.org"
                    try await mail.append(TestMail.message(subject: "Dead tree", body: "A dead tree is about to fall at 900 E Grant Rd.", messageID: id))
                    try await stack.waitForValue("SELECT count(*) FROM contacts WHERE external_id = $1", [id], equals: "1", timeout: .seconds(30))
                    try await mail.waitForCount("processed", equals: 1)
                    let answer = try #require(try await mail.waitForReceived(1).first)
                    #expect(answer.mail.subject.hasPrefix("Re: Dead tree [TUC-"))
                }
            }
        }
    }

    @Test("auto-replies, bounces, lists and our own mail make no case and get no answer")
    func machinesMakeNothing() async throws {
        try await MailServers.with { mail in
            try await TestStack.with { stack in
                try await RunningIntake.with(stack, settings: mail.settings()) { _ in
                    try await mail.append(TestMail.message(subject: "Out of office", body: "I am away until Monday.",
                                                           headers: ["Auto-Submitted: auto-replied"]))
                    try await mail.append(try MailCorpus.bytes("enmime/dsn/testdata/simple_dsn.raw"))
                    try await mail.append(TestMail.message(subject: "Newsletter", body: "News of the week at 10 E Congress St", headers: ["List-Id: <news.example.org>"]))
                    try await mail.append(TestMail.message(from: MailServers.user, subject: "Re: [TUC-2026-000001]", body: "our own answer"))
                    // A resident's mail after them, so that we know they were all read.
                    let markerID = "marker-\(UUID().uuidString)@example.org"
                    try await mail.append(TestMail.message(subject: "Streetlight out", body: "The streetlight at 500 W Speedway Blvd is out.", messageID: markerID))
                    try await stack.waitForValue("SELECT count(*) FROM contacts WHERE external_id = $1", [markerID], equals: "1", timeout: .seconds(30))
                    try await mail.waitForCount("processed", equals: 5)
                    _ = try await mail.waitForReceived(1)
                    try await Task.sleep(for: .seconds(2))
                    try await stack.waitForValue("SELECT count(*) FROM contacts", equals: "1")
                    let answers = try mail.received()
                    #expect(answers.count == 1)
                    #expect(answers.first?.mail.inReplyTo == [markerID])
                    #expect(try await mail.count("INBOX") == 0)
                }
            }
        }
    }

    @Test("after a UIDVALIDITY change the mailbox is read again from its start: nothing skipped, nothing twice")
    func uidValidityChange() async throws {
        try await MailServers.with { mail in
            try await TestStack.with { stack in
                try await RunningIntake.with(stack, stages: [.enrich, .writer]) { _ in
                    // The adapter as its own process, so that its data folder outlives it.
                    let data = try Paths.temporaryDirectory("email-data")
                    let env = mail.settings().merging(["INTAKE_DATA_DIR": data, "INTAKE_CHANNELS": "email"]) { _, n in n }
                    let run = UUID().uuidString
                    let first = try await IntakeProcess.start("adapters", stack: stack, environment: env)
                    for i in 1...3 {
                        try await mail.append(TestMail.message(subject: "Graffiti \(i)", body: "Graffiti on wall number \(i) at 20\(i) E Broadway Blvd",
                                                               messageID: "graffiti-\(i)-\(run)@example.org"))
                    }
                    try await stack.waitForValue("SELECT count(*) FROM contacts", equals: "3", timeout: .seconds(30))
                    try await mail.waitForCount("processed", equals: 3)
                    _ = try await mail.waitForReceived(3)
                    #expect(await first.terminate() == 0)
                    let stateFile = try #require(try FileManager.default.contentsOfDirectory(atPath: "\(data)/email").first { $0.hasPrefix("mailbox-") })
                    let before = MailboxState.load(from: "\(data)/email/\(stateFile)")
                    #expect(before.lastUID == 3)

                    // While the adapter is down, a mail arrives and the server renumbers the inbox:
                    // the new mail gets a UID below the last one taken before.
                    let lateID = "late-\(UUID().uuidString)@example.org"
                    try await mail.append(TestMail.message(subject: "Trash", body: "Trash not picked up on 300 S Main Ave", messageID: lateID))
                    // A mail already taken, back in the inbox (copied by someone): it stays one contact.
                    try await mail.append(TestMail.message(subject: "Graffiti 1", body: "Graffiti on wall number 1 at 201 E Broadway Blvd",
                                                           messageID: "graffiti-1-\(run)@example.org"))
                    try await mail.rebuildInbox()
                    let second = try await IntakeProcess.start("adapters", stack: stack, environment: env)
                    try await stack.waitForValue("SELECT count(*) FROM contacts WHERE external_id = $1", [lateID], equals: "1", timeout: .seconds(30))
                    try await mail.waitForCount("INBOX", equals: 0)
                    try await stack.waitForValue("SELECT count(*) FROM contacts", equals: "4")
                    try await mail.waitForCount("processed", equals: 5)
                    let after = MailboxState.load(from: "\(data)/email/\(stateFile)")
                    #expect(after.uidValidity != before.uidValidity)
                    #expect(after.lastUID == 2)
                    // Four residents' mails, four answers: the copy taken again is not answered twice.
                    _ = try await mail.waitForReceived(4)
                    try await Task.sleep(for: .seconds(2))
                    #expect(try mail.received().count == 4)
                    #expect(await second.terminate() == 0)
                    #expect(second.log.contains("UIDVALIDITY changed"))
                }
            }
        }
    }

    @Test("mail that cannot be parsed goes to deadletter/email with its reason and to the unprocessable folder")
    func unparseableMail() async throws {
        try await MailServers.with { mail in
            try await TestStack.with { stack in
                let probe = try BusProbe(stack, role: "operator")
                try await probe.start(subscribing: ["311/v1/deadletter/#"])
                try await RunningIntake.with(stack, stages: [.enrich, .writer]) { _ in
                    // `intake adapters` alone, on its own least-privileged broker user.
                    let env = mail.settings().merging(["INTAKE_DATA_DIR": try Paths.temporaryDirectory("email-dl"), "INTAKE_CHANNELS": "email"]) { _, n in n }
                    let adapter = try await IntakeProcess.start("adapters", stack: stack, environment: env)
                    let garbage = Array("\u{1}\u{2} not a mail at all, no header in sight\r\n".utf8)
                    try await mail.append(garbage)
                    try await mail.append("Subject: no sender\r\nMessage-ID: <nofrom@example.org>\r\n\r\nwho wrote this?\r\n")
                    let markerID = "after-\(UUID().uuidString)@example.org"
                    try await mail.append(TestMail.message(subject: "Sidewalk", body: "Broken sidewalk at 45 W Congress St", messageID: markerID))
                    try await stack.waitForValue("SELECT count(*) FROM contacts WHERE external_id = $1", [markerID], equals: "1", timeout: .seconds(30))
                    try await mail.waitForCount("unprocessable", equals: 2)
                    let letters = try await probe.waitFor(timeout: .seconds(10), "two dead letters") { $0.filter { $0.topic == "311/v1/deadletter/email" }.count >= 2 }
                        .filter { $0.topic == "311/v1/deadletter/email" }
                    let decoded = try letters.map { try IntakeJSON.decode(DeadLetter.self, from: $0.payload) }
                    #expect(decoded.map(\.reason).contains { $0.contains("no header fields") })
                    #expect(decoded.map(\.reason).contains { $0.contains("no From address") })
                    #expect(decoded.contains { Data(base64Encoded: $0.payloadBase64).map { [UInt8]($0) } == garbage })
                    try await stack.waitForValue("SELECT count(*) FROM contacts", equals: "1")
                    #expect(try await mail.count("INBOX") == 0)
                    #expect(await adapter.terminate() == 0)
                }
                await probe.stop()
            }
        }
    }

    @Test("the adapter killed with SIGKILL in the middle of a batch and restarted: each mail is exactly one contact")
    func killedMidBatch() async throws {
        try await MailServers.with { mail in
            try await TestStack.with { stack in
                try await RunningIntake.with(stack, stages: [.enrich, .writer]) { _ in
                    let data = try Paths.temporaryDirectory("email-adapter")
                    // Forty mails from one sender: the per-sender limit is raised, or most would be put off.
                    let env = mail.settings().merging(["INTAKE_DATA_DIR": data, "INTAKE_REDELIVERY_SECONDS": "1", "INTAKE_CHANNELS": "email",
                                                       "INTAKE_SENDER_RATE_PER_MINUTE": "1000"]) { _, n in n }
                    let total = 40
                    for i in 1...total {
                        try await mail.append(TestMail.message(subject: "Report \(i)", body: "Pothole number \(i) on \(100 + i) N Oracle Rd",
                                                               messageID: "batch-\(i)-\(UUID().uuidString)@example.org"))
                    }
                    let adapter = try await IntakeProcess.start("adapters", stack: stack, environment: env)
                    // Killed as soon as the first contacts are committed: the batch is half taken.
                    let db = try await stack.ownerConnection()
                    let deadline = ContinuousClock.now + .seconds(60)
                    var committed = 0
                    while committed < 3 && ContinuousClock.now < deadline {
                        committed = Int(try await db.query("SELECT count(*) FROM contacts").rows[0][0] ?? "0") ?? 0
                        try await Task.sleep(for: .milliseconds(20))
                    }
                    await adapter.kill()
                    let atKill = Int(try await db.query("SELECT count(*) FROM contacts").rows[0][0] ?? "0") ?? 0
                    #expect(atKill < total, "the kill came after the whole batch; the test proves nothing")
                    let restarted = try await IntakeProcess.start("adapters", stack: stack, environment: env)
                    try await stack.waitForValue("SELECT count(*) FROM contacts", equals: String(total), timeout: .seconds(90))
                    try await mail.waitForCount("processed", equals: total, timeout: .seconds(60))
                    try await Task.sleep(for: .seconds(2))
                    try await stack.waitForValue("SELECT count(*) FROM contacts", equals: String(total))
                    try await stack.waitForValue("SELECT count(DISTINCT external_id) FROM contacts", equals: String(total))
                    #expect(try await mail.count("INBOX") == 0)
                    await db.close()
                    #expect(await restarted.terminate() == 0)
                }
            }
        }
    }
}
