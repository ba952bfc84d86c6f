import Foundation
import IntakeTestSupport
import Testing

@Suite("WhatsApp status on request")
struct WhatsAppStatusTests {
    @Test("status and estado are answered through the messages endpoint with the status and the last note, and are not contacts")
    func status() async throws {
        try await WhatsAppWebhookTests.with { h, api in
            try await h.stack.insertCase("TUC-2026-000123", status: "closed", note: "Filled with asphalt", channel: "whatsapp")
            _ = try await WhatsAppTestClient.post(h.intake.baseURL, WhatsAppPayloads.text("Status TUC-2026-000123"))
            let en = try await WhatsAppTestClient.waitForSent(api)
            #expect(en[0].text.contains("case TUC-2026-000123 (Pothole) is closed") && en[0].text.contains("Last note: Filled with asphalt"), "\(en)")
            _ = try await WhatsAppTestClient.post(h.intake.baseURL, WhatsAppPayloads.text("estado del caso TUC-2026-000999"))
            let es = try await WhatsAppTestClient.waitForSent(api, count: 2)
            #expect(es[1].text.contains("no encontramos el caso TUC-2026-000999"), "\(es)")
            try await Task.sleep(for: .milliseconds(500))
            #expect(try h.contacts(channel: "whatsapp").isEmpty)
        }
    }
}
