import Foundation
import IntakeCore
import IntakeTestSupport
import IVRChannel
import Testing

/// "For information, press 3": the caller asks a question aloud and hears the answer from the
/// city's answers file in their language, through the whole pipeline (real HTTP, mosquitto and
/// PostgreSQL). The question is stored as an inquiry, never as a case.
@Suite("Voice inquiries")
struct VoiceInquiryTests {
    static let settings = ["INTAKE_911_NUMBER": TestCall.emergencyNumber, "INTAKE_ACK_WAIT_MS": "10000"]

    @Test("the first question offers press 3; a question asked in Spanish is answered aloud in Spanish, with no case")
    func pressThree() async throws {
        try await ChannelHarness.with(stages: [.adapters, .enrich, .writer], settings: Self.settings) { h in
            let call = TestCall()
            let offer = try await call.walk(h.intake.baseURL, [(.start, []), (.language, TestCall.digits("2"))])
            #expect(offer.contains("Para información, oprima tres"), "\(offer)")
            let asked = try await call.walk(h.intake.baseURL, [(.location, TestCall.digits("3"))])
            #expect(asked.contains("haga su pregunta"), "\(asked)")
            #expect(asked.contains("/twilio/voice/inquiry"), "\(asked)")
            let answer = try await call.walk(h.intake.baseURL, [(.inquiry, TestCall.speech("¿dónde puedo pagar el recibo del agua?"))])
            #expect(answer.contains("<Say"), "\(answer)")
            #expect(answer.contains("Puede pagar su recibo de Tucson Water"), "\(answer)")
            #expect(answer.contains("es-MX") || answer.contains("language=\"es"), "\(answer)")
            // Read aloud without its web link.
            #expect(!answer.contains("https://"), "\(answer)")
            #expect(answer.contains("<Hangup"), "\(answer)")

            let db = try await h.stack.ownerConnection()
            defer { Task { await db.close() } }
            let rows = try await db.query("""
                SELECT k.kind, k.case_ref, i.answer_id, i.status, i.language FROM contacts k JOIN inquiries i ON i.contact_id = k.id
                WHERE k.id = $1
                """, ["voice:\(call.sid)"])
            #expect(rows.count == 1)
            #expect(rows[0, "kind"] == "inquiry")
            #expect(rows[0, "case_ref"] == nil)
            #expect(rows[0, "answer_id"] == "water-bill")
            #expect(rows[0, "status"] == "answered")
            #expect(rows[0, "language"] == "es")
            #expect(try await db.query("SELECT count(*) FROM cases")[0, "count"] == "0")
        }
    }
}
