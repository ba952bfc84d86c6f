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

                    #expect(try await stack.storedInquiries(channel: "email") == StoredInquiry.answered(["trash-day", "water-bill"]))
                    #expect(try await stack.caseCount() == 0)
                }
            }
        }
    }
}
