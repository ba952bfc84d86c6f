import IntakeCore
@testable import IntakeWriter
import Testing

@Suite("Outbox rows, without I/O")
struct OutboxTests {
    @Test("messages are inserted in one statement, in their order, their JSON kept as UTF-8 text")
    func insertStatement() {
        let event = CaseEvent(kind: .merged, caseRef: "TUC-2026-000001", contactID: nil, channel: nil, status: "closed",
                              note: "Visto: ñandú", duplicateOf: "TUC-2026-000002", at: .init(timeIntervalSince1970: 0))
        let messages = [OutboxMessage(topic: "311/v1/case/TUC-2026-000001/event", json: event),
                        OutboxMessage(topic: "311/v1/reply/sms", payload: Array(#"{"id":"notice:1:sms:SM1"}"#.utf8), traceparent: "00-ab-cd-01")]
        let (sql, parameters) = OutboxMessage.insert(messages)
        #expect(sql.contains("INSERT INTO outbox (topic, payload, traceparent)"))
        #expect(sql.contains("ORDER BY x.n"))
        #expect(parameters.count == 4)
        #expect(parameters[0] == "{\"0\",\"1\"}")
        #expect(parameters[1]?.contains("311/v1/reply/sms") == true)
        #expect(parameters[2]?.contains("ñandú") == true)
        #expect(parameters[3]?.contains("00-ab-cd-01") == true)
    }

    @Test("the relay reads payloads as hex and gets the bytes back exactly")
    func hexPayloads() {
        #expect(OutboxRelay.bytes(hex: "7b7d") == [0x7B, 0x7D])
        #expect(OutboxRelay.bytes(hex: "00FFc3b1") == [0x00, 0xFF, 0xC3, 0xB1])
        #expect(OutboxRelay.bytes(hex: "").isEmpty)
        let text = "Bache reparado — gracias"
        let hex = Array(text.utf8).map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
        #expect(String(decoding: OutboxRelay.bytes(hex: hex), as: UTF8.self) == text)
    }

    @Test("a wake before the wait is not lost, and a wait without one ends at its limit")
    func wakeSignal() async {
        let signal = WakeSignal()
        signal.wake()
        let start = ContinuousClock.now
        // Woken well before the limit, however busy the machine: half of it tells them apart.
        await signal.wait(upTo: .seconds(120))
        #expect(ContinuousClock.now - start < .seconds(60))
        let quiet = ContinuousClock.now
        await signal.wait(upTo: .milliseconds(100))
        #expect(ContinuousClock.now - quiet >= .milliseconds(90))
        Task {
            try? await Task.sleep(for: .milliseconds(50))
            signal.wake()
        }
        let woken = ContinuousClock.now
        await signal.wait(upTo: .seconds(120))
        #expect(ContinuousClock.now - woken < .seconds(60))
    }

    @Test("timed-out waits stay timed: each of several quiet waits lasts its limit, and cancelling one ends it")
    func wakeSignalAfterTimeouts() async {
        let signal = WakeSignal()
        for _ in 0..<3 {
            let start = ContinuousClock.now
            await signal.wait(upTo: .milliseconds(100))
            #expect(ContinuousClock.now - start >= .milliseconds(90))
        }
        let waiting = Task { await signal.wait(upTo: .seconds(120)) }
        try? await Task.sleep(for: .milliseconds(50))
        let cancelled = ContinuousClock.now
        waiting.cancel()
        await waiting.value
        #expect(ContinuousClock.now - cancelled < .seconds(60))
    }
}
