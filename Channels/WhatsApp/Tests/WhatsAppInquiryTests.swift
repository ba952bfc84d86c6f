import Foundation
import IntakeCore
import IntakeTestSupport
import Testing

/// Questions on WhatsApp, through adapters, enrich and writer: the one message sent back is the
/// answer from the city's answers file, in the resident's language, and no case is opened.
@Suite("WhatsApp questions")
struct WhatsAppInquiryTests {
    @Test("questions in English and Spanish are answered through the Graph API, stored as inquiries with no case")
    func questionsAnswered() async throws {
        let api = try RecordingServer()
        try await api.start()
        defer { api.stop() }
        let settings = WhatsAppTestClient.settings(api: api, ["INTAKE_ACK_WAIT_MS": "10000"])
        try await ChannelHarness.with(stages: [.adapters, .enrich, .writer], settings: settings) { h in
            let english = "15205550171", spanish = "15205550172"
            #expect(try await WhatsAppTestClient.post(h.intake.baseURL, WhatsAppPayloads.text("hi, when do they pick up the trash? which day", from: english)).status == 200)
            #expect(try await WhatsAppTestClient.post(h.intake.baseURL, WhatsAppPayloads.text("¿Dónde se paga el recibo del agua?", from: spanish)).status == 200)
            let sent = try await WhatsAppTestClient.waitForSent(api, count: 2)
            let toEnglish = sent.filter { $0.to == english }.map(\.text)
            let toSpanish = sent.filter { $0.to == spanish }.map(\.text)
            #expect(toEnglish.count == 1 && toEnglish.first?.contains("Trash and recycling are collected once a week") == true, "\(toEnglish)")
            #expect(toSpanish.count == 1 && toSpanish.first?.contains("Puede pagar su recibo de Tucson Water") == true, "\(toSpanish)")

            #expect(try await h.stack.storedInquiries(channel: "whatsapp") == StoredInquiry.answered(["trash-day", "water-bill"]))
            #expect(try await h.stack.caseCount() == 0)
        }
    }
}
