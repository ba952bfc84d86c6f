import Foundation
import IntakeTestSupport
import Testing

/// Questions by email, through adapters, enrich and writer: the mail sent back, threaded on the
/// resident's, is the answer from the city's answers file in their language, and no case opens.
@Suite("Email questions")
struct EmailInquiryTests {
    @Test("questions in English and Spanish are answered by threaded mail, stored as inquiries with no case")
    func questionsAnswered() async throws {
        try await MailServers.with { mail in
            try await TestStack.with { stack in
                try await RunningIntake.with(stack, stages: [.adapters, .enrich, .writer], settings: mail.settings()) { _ in
                    let en = "question-\(UUID().uuidString)@example.org", es = "pregunta-\(UUID().uuidString)@example.org"
                    try await mail.append(TestMail.message(subject: "Trash", body: "hi, when do they pick up the trash? which day\n\nThanks, Rosa", messageID: en))
                    try await mail.append(TestMail.message(subject: "Agua", body: "¿Dónde se paga el recibo del agua?\n\nGracias", messageID: es))
                    let answers = try await mail.waitForReceived(2)
                    let english = try #require(answers.first { $0.mail.inReplyTo == [en] }, "\(answers.map(\.mail.subject))")
                    let spanish = try #require(answers.first { $0.mail.inReplyTo == [es] }, "\(answers.map(\.mail.subject))")
                    #expect(english.mail.bodyText.contains("Trash and recycling are collected once a week"), "\(english.mail.bodyText)")
                    #expect(spanish.mail.bodyText.contains("Puede pagar su recibo de Tucson Water"), "\(spanish.mail.bodyText)")
                    // The answer is the one mail each resident gets: no "we received your report" beside it.
                    try await mail.waitForCount("processed", equals: 2)
                    #expect(try mail.received().count == 2)

                    let db = try await stack.ownerConnection()
                    defer { Task { await db.close() } }
                    let rows = try await db.query("""
                        SELECT k.kind, k.case_ref, i.answer_id, i.status FROM contacts k JOIN inquiries i ON i.contact_id = k.id
                        WHERE k.channel = 'email' ORDER BY i.answer_id
                        """)
                    #expect(rows.rows.map { $0[0] } == ["inquiry", "inquiry"])
                    #expect(rows.rows.map { $0[1] } == [nil, nil])
                    #expect(rows.rows.map { $0[2] } == ["trash-day", "water-bill"])
                    #expect(rows.rows.map { $0[3] } == ["answered", "answered"])
                    #expect(try await db.query("SELECT count(*) FROM cases")[0, "count"] == "0")
                }
            }
        }
    }
}
