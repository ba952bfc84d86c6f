import Foundation
import IntakeTestSupport
import Testing

/// "status TUC-…" by email: answered with the case's status and last note, threaded on the mail,
/// and not made a contact.
@Suite("Email status on request")
struct EmailStatusTests {
    @Test("a subject asking for the status is answered in a threaded mail; a Spanish first line in Spanish; neither is a contact")
    func statusBySubjectAndFirstLine() async throws {
        try await MailServers.with { mail in
            try await TestStack.with { stack in
                try await stack.insertCase("TUC-2026-000123", status: "in_progress", note: "Crew scheduled for Thursday", channel: "email")
                try await RunningIntake.with(stack, stages: [.adapters], settings: mail.settings()) { _ in
                    let id = "status-\(UUID().uuidString)@example.org"
                    try await mail.append(TestMail.message(subject: "Status TUC-2026-000123", body: "Thanks,\nRosa", messageID: id))
                    try await mail.append(TestMail.message(subject: "Pregunta", body: "estado del caso TUC-2026-000123\n\nGracias"))
                    let answers = try await mail.waitForReceived(2)
                    let en = try #require(answers.first { $0.mail.inReplyTo == [id] }, "\(answers.map(\.mail.subject))")
                    #expect(en.mail.subject.contains("[TUC-2026-000123]"), "\(en.mail.subject)")
                    #expect(en.mail.bodyText.contains("Case TUC-2026-000123 (Pothole) is in progress"), "\(en.mail.bodyText)")
                    #expect(en.mail.bodyText.contains("Last note from the department: Crew scheduled for Thursday"))
                    let es = try #require(answers.first { $0.mail.inReplyTo != [id] })
                    #expect(es.mail.bodyText.contains("El caso TUC-2026-000123 (Bache) está en proceso"), "\(es.mail.bodyText)")
                    try await mail.waitForCount("processed", equals: 2)
                    try await stack.waitForValue("SELECT count(*) FROM contacts", equals: "0")
                }
            }
        }
    }
}
