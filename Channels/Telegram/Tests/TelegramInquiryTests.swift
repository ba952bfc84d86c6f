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

            let db = try await h.stack.ownerConnection()
            defer { Task { await db.close() } }
            let rows = try await db.query("""
                SELECT k.kind, k.case_ref, i.answer_id, i.status FROM contacts k JOIN inquiries i ON i.contact_id = k.id
                WHERE k.channel = 'telegram' ORDER BY i.answer_id
                """)
            #expect(rows.rows.map { $0[0] } == ["inquiry", "inquiry"])
            #expect(rows.rows.map { $0[1] } == [nil, nil])
            #expect(rows.rows.map { $0[2] } == ["trash-day", "water-bill"])
            #expect(rows.rows.map { $0[3] } == ["answered", "answered"])
            #expect(try await db.query("SELECT count(*) FROM cases")[0, "count"] == "0")
        }
    }
}
