import Foundation
import IntakeCore
import IntakeTestSupport
import Testing

/// Questions in the web chat, in a real headless Chromium, against adapters, enrich and writer on
/// a real broker and PostgreSQL: the answer is shown in the conversation, and no case is opened.
@Suite("Web chat questions", .serialized)
struct WebChatInquiryTests {
    @Test("a question in English and one in Spanish get their answers in the chat, in their language; a question is never a case")
    func questionsInTwoLanguages() async throws {
        try await ChannelHarness.with(stages: [.adapters, .enrich, .writer], settings: try WebChatBrowserTests.settings()) { h in
            let en = try await ChatBrowser.run(h.intake.baseURL, "ask", [
                "--language", "en", "--where", "100 N Stone Ave", "--what", "How can I pay my water bill?",
            ])
            #expect(en["answer"]?.stringValue?.contains("You can pay your Tucson Water bill online") == true, "\(en)")
            #expect(en["references"] == .number(0))
            let es = try await ChatBrowser.run(h.intake.baseURL, "ask", [
                "--language", "es", "--where", "100 N Stone Ave", "--what", "¿A qué hora abre la biblioteca el sábado?",
            ])
            #expect(es["answer"]?.stringValue?.contains("La mayoría de las bibliotecas") == true, "\(es)")
            #expect(es["references"] == .number(0))
            let uncovered = try await ChatBrowser.run(h.intake.baseURL, "ask", [
                "--language", "en", "--where", "100 N Stone Ave", "--what", "How do I get a copy of my marriage certificate?",
            ])
            #expect(uncovered["answer"]?.stringValue?.contains("A 311 staff member will answer you here soon") == true, "\(uncovered)")

            let db = try await h.stack.ownerConnection()
            defer { Task { await db.close() } }
            let rows = try await db.query("""
                SELECT i.answer_id, i.status, i.language FROM contacts k JOIN inquiries i ON i.contact_id = k.id
                WHERE k.channel = 'chat' AND k.kind = 'inquiry' AND k.case_ref IS NULL ORDER BY k.received_at
                """)
            #expect(rows.rows.map { $0[0] } == ["water-bill", "library-hours", nil])
            #expect(rows.rows.map { $0[1] } == ["answered", "answered", "waiting"])
            #expect(rows.rows.map { $0[2] } == ["en", "es", "en"])
            #expect(try await db.query("SELECT count(*) FROM cases")[0, "count"] == "0")
        }
    }
}
