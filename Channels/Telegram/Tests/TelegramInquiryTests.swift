import Foundation
import IntakeCore
import IntakeTestSupport
import Testing

/// Questions on Telegram, through adapters, enrich and writer: the bot's one message is the answer
/// from the city's answers file, in the resident's language, and no case is opened.
@Suite("Telegram questions")
struct TelegramInquiryTests {
    @Test("questions in English and Spanish are answered through sendMessage, stored as inquiries with no case")
    func questionsAnswered() async throws {
        try await TelegramWebhookTests.with(stages: [.adapters, .enrich, .writer], settings: ["INTAKE_ACK_WAIT_MS": "10000"]) { h, api in
            let english: Int64 = 701_000_101, spanish: Int64 = 701_000_102
            let en = TelegramUpdates.newMessageID(), es = TelegramUpdates.newMessageID()
            #expect(try await TelegramTestBot.post(h.intake.baseURL, TelegramUpdates.text("hi, when do they pick up the trash? which day", messageID: en, chat: english)).status == 200)
            #expect(try await TelegramTestBot.post(h.intake.baseURL, TelegramUpdates.text("¿Dónde se paga el recibo del agua?", messageID: es, chat: spanish, language: "es")).status == 200)
            let sent = try await TelegramTestBot.waitForSent(api, count: 2)
            let toEnglish = sent.filter { $0.chat == english }.map(\.text)
            let toSpanish = sent.filter { $0.chat == spanish }.map(\.text)
            #expect(toEnglish.count == 1 && toEnglish.first?.contains("Trash and recycling are collected once a week") == true, "\(toEnglish)")
            #expect(toSpanish.count == 1 && toSpanish.first?.contains("Puede pagar su recibo de Tucson Water") == true, "\(toSpanish)")

            #expect(try await h.stack.storedInquiries(channel: "telegram") == StoredInquiry.answered(["trash-day", "water-bill"]))
            #expect(try await h.stack.caseCount() == 0)
        }
    }
}
